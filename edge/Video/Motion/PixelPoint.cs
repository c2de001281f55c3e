namespace EdgeSecurity.Video;

/// <summary>A point in frame pixels.</summary>
public readonly record struct PixelPoint(float X, float Y);
