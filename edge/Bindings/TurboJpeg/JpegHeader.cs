namespace EdgeSecurity.Bindings.TurboJpeg;

/// <summary>What a JPEG's header says, read without decoding the image.</summary>
public readonly record struct JpegHeader(int Width, int Height, JpegSubsampling Subsampling, JpegColorspace Colorspace);
