namespace EdgeSecurity.Bindings.TurboJpeg;

/// <summary>The colour space a JPEG was stored in, with TurboJPEG's TJCS values.</summary>
public enum JpegColorspace
{
    Rgb = 0,
    YCbCr = 1,
    Gray = 2,
    Cmyk = 3,
    Ycck = 4,
}
