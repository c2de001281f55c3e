using EdgeSecurity.Bindings.TurboJpeg.Native;

namespace EdgeSecurity.Bindings.TurboJpeg;

/// <summary>
/// Compresses packed pixels or YUV 4:2:0 planes to JPEG. The JPEG is written into a buffer the compressor owns and
/// reuses (grown once to the worst case for the largest image seen), so a snapshot per alert allocates nothing; the
/// result is valid until the next call on this compressor: write it out or copy it before that. Not thread-safe: one
/// compressor per worker.
/// </summary>
public sealed unsafe class JpegCompressor : IDisposable
{
    private readonly TurboJpegHandle _handle;
    private byte[] _buffer = [];

    public JpegCompressor()
    {
        TurboJpegLibrary.EnsureAvailable();
        _handle = TurboJpegErrors.Checked(NativeMethods.tjInitCompress(), "compressor");
    }

    /// <summary>Compresses packed RGB, BGR or gray pixels; gray input always makes a grayscale JPEG.</summary>
    /// <param name="stride">Bytes from one row to the next; 0 means packed rows (<c>width × bytes per pixel</c>).</param>
    /// <exception cref="ArgumentException">The sizes, quality or buffer length are wrong.</exception>
    /// <exception cref="JpegException">TurboJPEG failed, with its reason.</exception>
    public ReadOnlyMemory<byte> Compress(ReadOnlySpan<byte> pixels, int width, int height, JpegPixelFormat format, int quality,
        JpegSubsampling subsampling = JpegSubsampling.Yuv420, int stride = 0)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        CheckQuality(quality);
        var rowBytes = width * format.BytesPerPixel();
        if (stride == 0)
            stride = rowBytes;
        CheckPlane(pixels.Length, width, height, rowBytes, stride, nameof(pixels));
        if (format == JpegPixelFormat.Gray)
            subsampling = JpegSubsampling.Gray;

        var capacity = Reserve(width, height, subsampling);
        fixed (byte* source = pixels)
        fixed (byte* destination = _buffer)
        {
            var jpeg = destination;
            var size = (nuint)capacity;
            if (NativeMethods.tjCompress2(_handle, source, width, stride, height, (int)format, &jpeg, &size, (int)subsampling, quality, NativeMethods.FlagNoRealloc) != 0)
                throw TurboJpegErrors.Last(_handle, "compress the image");
            return _buffer.AsMemory(0, (int)size);
        }
    }

    /// <summary>
    /// Compresses a YUV 4:2:0 picture (ffmpeg's yuv420p, I420) given as its three planes, without converting it to RGB
    /// first. The chroma planes are <c>⌈width/2⌉ × ⌈height/2⌉</c>.
    /// </summary>
    /// <param name="lumaStride">Bytes per row of <paramref name="y"/>; 0 means <paramref name="width"/>.</param>
    /// <param name="chromaStride">Bytes per row of <paramref name="u"/> and <paramref name="v"/>; 0 means <c>⌈width/2⌉</c>.</param>
    public ReadOnlyMemory<byte> CompressYuv420(ReadOnlySpan<byte> y, ReadOnlySpan<byte> u, ReadOnlySpan<byte> v, int width, int height, int quality,
        int lumaStride = 0, int chromaStride = 0)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        CheckQuality(quality);
        var (chromaWidth, chromaHeight) = ((width + 1) / 2, (height + 1) / 2);
        if (lumaStride == 0)
            lumaStride = width;
        if (chromaStride == 0)
            chromaStride = chromaWidth;
        CheckPlane(y.Length, width, height, width, lumaStride, nameof(y));
        CheckPlane(u.Length, chromaWidth, chromaHeight, chromaWidth, chromaStride, nameof(u));
        CheckPlane(v.Length, chromaWidth, chromaHeight, chromaWidth, chromaStride, nameof(v));

        var capacity = Reserve(width, height, JpegSubsampling.Yuv420);
        fixed (byte* yPlane = y)
        fixed (byte* uPlane = u)
        fixed (byte* vPlane = v)
        fixed (byte* destination = _buffer)
        {
            var planes = stackalloc byte*[3] { yPlane, uPlane, vPlane };
            var strides = stackalloc int[3] { lumaStride, chromaStride, chromaStride };
            var jpeg = destination;
            var size = (nuint)capacity;
            if (NativeMethods.tjCompressFromYUVPlanes(_handle, planes, width, strides, height, (int)JpegSubsampling.Yuv420, &jpeg, &size, quality, NativeMethods.FlagNoRealloc) != 0)
                throw TurboJpegErrors.Last(_handle, "compress the YUV planes");
            return _buffer.AsMemory(0, (int)size);
        }
    }

    public void Dispose() => _handle.Dispose();

    /// <summary>With no reallocation allowed, TurboJPEG assumes the buffer holds the worst case (tjBufSize), so it must.</summary>
    private int Reserve(int width, int height, JpegSubsampling subsampling)
    {
        var needed = TurboJpegLibrary.MaxCompressedSize(width, height, subsampling);
        if (_buffer.Length < needed)
            _buffer = GC.AllocateUninitializedArray<byte>(needed);
        return _buffer.Length;
    }

    private static void CheckQuality(int quality)
    {
        if (quality is < 1 or > 100)
            throw new ArgumentOutOfRangeException(nameof(quality), quality, "JPEG quality goes from 1 (worst) to 100 (best).");
    }

    /// <summary>The native side trusts the sizes it is given, so a short buffer must be refused here, not read past.</summary>
    internal static void CheckPlane(int length, int width, int height, int rowBytes, int stride, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1, nameof(width));
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1, nameof(height));
        if (stride < rowBytes)
            throw new ArgumentOutOfRangeException(name, stride, $"The stride must be at least {rowBytes} bytes for {width} pixels.");
        var needed = ((long)stride * (height - 1)) + rowBytes;
        if (length < needed)
            throw new ArgumentException($"{width}×{height} with a stride of {stride} needs {needed} bytes; '{name}' has {length}.", name);
    }
}
