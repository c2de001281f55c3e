namespace EdgeSecurity.Bindings.TurboJpeg;

/// <summary>A decoded picture: packed pixels, rows <c>Width × bytes per pixel</c> apart.</summary>
public sealed record JpegImage(byte[] Pixels, int Width, int Height, JpegPixelFormat Format);
