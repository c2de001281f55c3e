namespace EdgeSecurity.Bindings.TurboJpeg.Tests;

/// <summary>Bad JPEGs, bad arguments, a disposed handle and a missing library: each a clear error, never a crash.</summary>
public sealed class FailureTests
{
    private static readonly RawImage Campus = Images.Campus;

    [Fact]
    public void Bytes_that_are_not_a_jpeg_are_refused_with_turbojpegs_reason()
    {
        using var decompressor = new JpegDecompressor();
        byte[] png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, .. new byte[200]];

        var error = Assert.Throws<JpegException>(() => decompressor.ReadHeader(png));

        Assert.False(error.IsWarning);
        Assert.Contains("Not a JPEG file", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("TurboJPEG could not read the JPEG header", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_buffer_is_refused()
    {
        using var decompressor = new JpegDecompressor();

        Assert.Throws<JpegException>(() => decompressor.Decompress([], JpegPixelFormat.Bgr));
    }

    [Fact]
    public void A_truncated_jpeg_is_reported_as_a_warning_and_the_decompressor_stays_usable()
    {
        using var compressor = new JpegCompressor();
        using var decompressor = new JpegDecompressor();
        var jpeg = compressor.Compress(Campus.Pixels, Campus.Width, Campus.Height, JpegPixelFormat.Bgr, 90).ToArray();

        var error = Assert.Throws<JpegException>(() => decompressor.Decompress(jpeg.AsSpan(0, jpeg.Length / 2), JpegPixelFormat.Bgr));
        var whole = decompressor.Decompress(jpeg, JpegPixelFormat.Bgr);

        Assert.True(error.IsWarning, error.Message);
        Assert.Contains("Premature end of JPEG file", error.Message, StringComparison.Ordinal);
        Assert.Equal(768, whole.Width);
    }

    [Fact]
    public void Sizes_that_do_not_fit_the_buffer_are_refused_before_the_library_reads_it()
    {
        using var compressor = new JpegCompressor();
        using var decompressor = new JpegDecompressor();
        var jpeg = compressor.Compress(Campus.Pixels, Campus.Width, Campus.Height, JpegPixelFormat.Bgr, 90).ToArray();

        Assert.Throws<ArgumentException>(() => compressor.Compress(Campus.Pixels.AsSpan(1), Campus.Width, Campus.Height, JpegPixelFormat.Bgr, 90));
        Assert.Throws<ArgumentOutOfRangeException>(() => compressor.Compress(Campus.Pixels, Campus.Width, Campus.Height, JpegPixelFormat.Bgr, 90, stride: 100));
        Assert.Throws<ArgumentException>(() => compressor.CompressYuv420(new byte[16], new byte[4], new byte[3], 4, 4, 90));
        Assert.Throws<ArgumentException>(() => decompressor.Decompress(jpeg, new byte[1000], JpegPixelFormat.Bgr));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void Quality_outside_1_to_100_is_refused(int quality)
    {
        using var compressor = new JpegCompressor();

        Assert.Throws<ArgumentOutOfRangeException>(() => compressor.Compress(Campus.Pixels, Campus.Width, Campus.Height, JpegPixelFormat.Bgr, quality));
    }

    [Fact]
    public void A_disposed_compressor_or_decompressor_throws_instead_of_crashing()
    {
        var compressor = new JpegCompressor();
        var decompressor = new JpegDecompressor();
        compressor.Dispose();
        decompressor.Dispose();
        compressor.Dispose();

        Assert.Throws<ObjectDisposedException>(() => compressor.Compress(Campus.Pixels, Campus.Width, Campus.Height, JpegPixelFormat.Bgr, 90));
        Assert.Throws<ObjectDisposedException>(() => decompressor.ReadHeader([0xFF, 0xD8]));
    }

    [Fact]
    public void A_missing_library_names_the_debian_package()
    {
        var error = Assert.Throws<DllNotFoundException>(() => TurboJpegLibrary.Load("libturbojpeg-absent.so.0"));

        Assert.Equal("libturbojpeg.so.0 was not found: install the Debian package libturbojpeg0 (apt-get install libturbojpeg0).", error.Message);
    }
}
