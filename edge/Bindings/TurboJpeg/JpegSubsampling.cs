namespace EdgeSecurity.Bindings.TurboJpeg;

/// <summary>Chrominance subsampling of a JPEG, with TurboJPEG's TJSAMP values.</summary>
public enum JpegSubsampling
{
    Yuv444 = 0,
    Yuv422 = 1,
    Yuv420 = 2,
    Gray = 3,
    Yuv440 = 4,
    Yuv411 = 5,
}
