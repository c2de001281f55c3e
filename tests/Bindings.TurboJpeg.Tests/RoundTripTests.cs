using System.Runtime.InteropServices;

namespace EdgeSecurity.Bindings.TurboJpeg.Tests;

/// <summary>Compress with the real libturbojpeg, decode again (ours and ffmpeg's), compare with the source.</summary>
public sealed class RoundTripTests
{
    private static readonly RawImage Campus = Images.Campus;

    [Fact]
    public void A_bgr_frame_survives_compression_at_quality_90()
    {
        using var compressor = new JpegCompressor();
        using var decompressor = new JpegDecompressor();

        var jpeg = compressor.Compress(Campus.Pixels, Campus.Width, Campus.Height, JpegPixelFormat.Bgr, quality: 90).ToArray();
        var header = decompressor.ReadHeader(jpeg);
        var decoded = decompressor.Decompress(jpeg, JpegPixelFormat.Bgr);

        Assert.Equal(new JpegHeader(768, 576, JpegSubsampling.Yuv420, JpegColorspace.YCbCr), header);
        Assert.Equal((768, 576), (decoded.Width, decoded.Height));
        Assert.InRange(Images.MeanDifference(Campus.Pixels, decoded.Pixels), 0, 4);
        Assert.InRange(jpeg.Length, 10_000, Campus.Pixels.Length / 4);
    }

    [Fact]
    public void Ffmpeg_reads_the_jpeg_as_the_same_picture()
    {
        using var compressor = new JpegCompressor();
        using var directory = new TempDirectory("turbojpeg");
        var path = directory.Combine("campus.jpg");
        File.WriteAllBytes(path, compressor.Compress(Campus.Pixels, Campus.Width, Campus.Height, JpegPixelFormat.Bgr, 90).ToArray());

        var decoded = RawImage.Decode(path);

        Assert.Equal((Campus.Width, Campus.Height), (decoded.Width, decoded.Height));
        Assert.InRange(Images.MeanDifference(Campus.Pixels, decoded.Pixels), 0, 4);
    }

    [Fact]
    public void Rgb_and_bgr_differ_by_the_order_of_the_channels_only()
    {
        using var compressor = new JpegCompressor();
        using var decompressor = new JpegDecompressor();
        var jpeg = compressor.Compress(Campus.Pixels, Campus.Width, Campus.Height, JpegPixelFormat.Bgr, 95).ToArray();

        var bgr = decompressor.Decompress(jpeg, JpegPixelFormat.Bgr).Pixels;
        var rgb = decompressor.Decompress(jpeg, JpegPixelFormat.Rgb).Pixels;

        for (var i = 0; i < bgr.Length; i += 3)
        {
            Assert.Equal(bgr[i], rgb[i + 2]);
            Assert.Equal(bgr[i + 2], rgb[i]);
        }
    }

    [Fact]
    public void Gray_pixels_make_a_grayscale_jpeg()
    {
        var gray = new byte[Campus.Width * Campus.Height];
        for (var i = 0; i < gray.Length; i++)
            gray[i] = Campus.Pixels[(i * 3) + 1];
        using var compressor = new JpegCompressor();
        using var decompressor = new JpegDecompressor();

        var jpeg = compressor.Compress(gray, Campus.Width, Campus.Height, JpegPixelFormat.Gray, 90).ToArray();
        var decoded = decompressor.Decompress(jpeg, JpegPixelFormat.Gray);

        Assert.Equal(new JpegHeader(768, 576, JpegSubsampling.Gray, JpegColorspace.Gray), decompressor.ReadHeader(jpeg));
        Assert.InRange(Images.MeanDifference(gray, decoded.Pixels), 0, 3);
    }

    [Fact]
    public void Yuv420_planes_compress_to_the_same_picture_as_the_bgr_frame()
    {
        var yuv = Images.CampusYuv420();
        var (width, height) = (Campus.Width, Campus.Height);
        var lumaSize = width * height;
        var chromaSize = width / 2 * (height / 2);
        using var compressor = new JpegCompressor();
        using var decompressor = new JpegDecompressor();

        var jpeg = compressor.CompressYuv420(yuv.AsSpan(0, lumaSize), yuv.AsSpan(lumaSize, chromaSize), yuv.AsSpan(lumaSize + chromaSize, chromaSize), width, height, 90).ToArray();
        var decoded = decompressor.Decompress(jpeg, JpegPixelFormat.Bgr);

        Assert.Equal(new JpegHeader(width, height, JpegSubsampling.Yuv420, JpegColorspace.YCbCr), decompressor.ReadHeader(jpeg));
        Assert.InRange(Images.MeanDifference(Campus.Pixels, decoded.Pixels), 0, 4);
    }

    [Fact]
    public void A_crop_given_by_stride_compresses_like_the_same_pixels_packed()
    {
        const int X = 100, Y = 50, Width = 320, Height = 240;
        var stride = Campus.Width * 3;
        var packed = new byte[Width * Height * 3];
        for (var row = 0; row < Height; row++)
            Campus.Pixels.AsSpan(((Y + row) * stride) + (X * 3), Width * 3).CopyTo(packed.AsSpan(row * Width * 3));
        using var compressor = new JpegCompressor();

        var fromStride = compressor.Compress(Campus.Pixels.AsSpan((Y * stride) + (X * 3)), Width, Height, JpegPixelFormat.Bgr, 85, stride: stride).ToArray();
        var fromPacked = compressor.Compress(packed, Width, Height, JpegPixelFormat.Bgr, 85).ToArray();

        Assert.Equal(fromPacked, fromStride);
    }

    [Fact]
    public void Lower_quality_gives_a_smaller_jpeg()
    {
        using var compressor = new JpegCompressor();

        var high = compressor.Compress(Campus.Pixels, Campus.Width, Campus.Height, JpegPixelFormat.Bgr, 95).Length;
        var low = compressor.Compress(Campus.Pixels, Campus.Width, Campus.Height, JpegPixelFormat.Bgr, 40).Length;

        Assert.True(low < high * 0.6, $"quality 40 gave {low} bytes, quality 95 {high}");
    }

    [Fact]
    public void The_compressor_writes_every_jpeg_into_one_reused_buffer()
    {
        using var compressor = new JpegCompressor();
        var first = compressor.Compress(Campus.Pixels, Campus.Width, Campus.Height, JpegPixelFormat.Bgr, 80);

        var before = GC.GetAllocatedBytesForCurrentThread();
        ReadOnlyMemory<byte> last = default;
        for (var i = 0; i < 20; i++)
            last = compressor.Compress(Campus.Pixels, Campus.Width, Campus.Height, JpegPixelFormat.Bgr, 80);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(MemoryMarshal.TryGetArray(first, out var a) && MemoryMarshal.TryGetArray(last, out var b) && ReferenceEquals(a.Array, b.Array));
        Assert.True(allocated < 1024, $"20 compressions allocated {allocated} bytes");
    }
}
