namespace EdgeSecurity.Bindings.TurboJpeg;

/// <summary>Packed pixel layouts, with TurboJPEG's TJPF values.</summary>
public enum JpegPixelFormat
{
    Rgb = 0,
    Bgr = 1,
    Gray = 6,
}

public static class JpegPixelFormats
{
    public static int BytesPerPixel(this JpegPixelFormat format) => format switch
    {
        JpegPixelFormat.Rgb or JpegPixelFormat.Bgr => 3,
        JpegPixelFormat.Gray => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not a supported pixel format"),
    };
}
