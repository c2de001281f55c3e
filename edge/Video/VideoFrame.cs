namespace EdgeSecurity.Video;

/// <summary>
/// One decoded picture: packed 3-byte pixels, rows <see cref="Stride"/> bytes apart. It refers to the pixels, it does
/// not own them, so frames from a pool cost nothing to pass around.
/// </summary>
public readonly struct VideoFrame
{
    public const int BytesPerPixel = 3;

    /// <exception cref="ArgumentException">The sizes are not positive, or the buffer is too short for them.</exception>
    public VideoFrame(Memory<byte> pixels, int width, int height, PixelFormat format, int stride = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (stride == 0)
            stride = width * BytesPerPixel;
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, width * BytesPerPixel);
        var needed = ((long)stride * (height - 1)) + (width * BytesPerPixel);
        if (pixels.Length < needed)
            throw new ArgumentException($"A {width}×{height} {format} frame with a stride of {stride} needs {needed} bytes; the buffer has {pixels.Length}.", nameof(pixels));

        Pixels = pixels;
        Width = width;
        Height = height;
        Format = format;
        Stride = stride;
    }

    public Memory<byte> Pixels { get; }

    public int Width { get; }

    public int Height { get; }

    public PixelFormat Format { get; }

    /// <summary>Bytes from the start of one row to the start of the next; at least <c>Width × 3</c>.</summary>
    public int Stride { get; }

    public ReadOnlySpan<byte> Row(int y) => Pixels.Span.Slice(y * Stride, Width * BytesPerPixel);
}
