namespace EdgeSecurity.Video;

/// <summary>
/// A zone to draw on evidence, in frame pixels: a closed polygon (an area), or an open polyline such as a tripwire
/// (<paramref name="Closed"/> false). The name is written at the first point.
/// </summary>
public sealed record AnnotatedZone(string Name, IReadOnlyList<PixelPoint> Points, bool Closed = true);
