using EdgeSecurity.Bindings.TurboJpeg.Native;

namespace EdgeSecurity.Bindings.TurboJpeg;

/// <summary>Reads JPEG headers and decodes JPEGs to packed pixels. Not thread-safe: one decompressor per worker.</summary>
public sealed unsafe class JpegDecompressor : IDisposable
{
    private readonly TurboJpegHandle _handle;

    public JpegDecompressor()
    {
        TurboJpegLibrary.EnsureAvailable();
        _handle = TurboJpegErrors.Checked(NativeMethods.tjInitDecompress(), "decompressor");
    }

    /// <exception cref="JpegException">Not a JPEG, or a damaged header.</exception>
    public JpegHeader ReadHeader(ReadOnlySpan<byte> jpeg)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        int width, height, subsampling, colorspace;
        fixed (byte* source = jpeg)
        {
            if (NativeMethods.tjDecompressHeader3(_handle, source, (nuint)jpeg.Length, &width, &height, &subsampling, &colorspace) != 0)
                throw TurboJpegErrors.Last(_handle, "read the JPEG header");
        }
        return new JpegHeader(width, height, (JpegSubsampling)subsampling, (JpegColorspace)colorspace);
    }

    /// <summary>Decodes into the caller's buffer at the JPEG's own size.</summary>
    /// <param name="stride">Bytes from one row to the next; 0 means packed rows.</param>
    /// <exception cref="JpegException">
    /// The data is not a decodable JPEG; a damaged one that still decoded (the rest filled in) throws with
    /// <see cref="JpegException.IsWarning"/> set, because evidence must not be silently corrupt.
    /// </exception>
    public JpegHeader Decompress(ReadOnlySpan<byte> jpeg, Span<byte> destination, JpegPixelFormat format, int stride = 0)
    {
        var header = ReadHeader(jpeg);
        var rowBytes = header.Width * format.BytesPerPixel();
        if (stride == 0)
            stride = rowBytes;
        JpegCompressor.CheckPlane(destination.Length, header.Width, header.Height, rowBytes, stride, nameof(destination));
        fixed (byte* source = jpeg)
        fixed (byte* target = destination)
        {
            if (NativeMethods.tjDecompress2(_handle, source, (nuint)jpeg.Length, target, header.Width, stride, header.Height, (int)format, 0) != 0)
                throw TurboJpegErrors.Last(_handle, "decode the JPEG");
        }
        return header;
    }

    /// <summary>Decodes into a new packed buffer: for tools and tests; a per-frame path decodes into its own buffer.</summary>
    public JpegImage Decompress(ReadOnlySpan<byte> jpeg, JpegPixelFormat format)
    {
        var header = ReadHeader(jpeg);
        var pixels = GC.AllocateUninitializedArray<byte>(header.Width * header.Height * format.BytesPerPixel());
        Decompress(jpeg, pixels, format);
        return new JpegImage(pixels, header.Width, header.Height, format);
    }

    public void Dispose() => _handle.Dispose();
}
