namespace EdgeSecurity.Video;

/// <summary>Packed 8-bit pixel layouts a frame may hold; ffmpeg's names are bgr24 and rgb24.</summary>
public enum PixelFormat
{
    Bgr24,
    Rgb24,
}
