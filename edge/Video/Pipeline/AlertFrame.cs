using System.Buffers;

namespace EdgeSecurity.Video;

/// <summary>
/// The frame an alert was raised (or grew) on, copied out of the camera's pooled buffer, with the tracked objects as
/// they were then: what a snapshot is made of, later and on another thread, so the camera never waits for face
/// detection, JPEG and disk. Owns a rented buffer: dispose it when the snapshot is made.
/// </summary>
public sealed class AlertFrame : IDisposable
{
    private byte[]? _pixels;

    private AlertFrame(byte[] pixels, int width, int height, PixelFormat format, IReadOnlyList<AnnotatedObject> objects)
    {
        _pixels = pixels;
        Width = width;
        Height = height;
        Format = format;
        Objects = objects;
    }

    public int Width { get; }

    public int Height { get; }

    public PixelFormat Format { get; }

    /// <summary>The tracks at the alert's moment, those the alert is about drawn in the alert colour.</summary>
    public IReadOnlyList<AnnotatedObject> Objects { get; }

    /// <summary>The copied pixels, packed; valid until disposed.</summary>
    public VideoFrame Frame => new(
        (_pixels ?? throw new ObjectDisposedException(nameof(AlertFrame))).AsMemory(0, Width * Height * VideoFrame.BytesPerPixel), Width, Height, Format);

    /// <summary>Copies the frame (packed) and the objects: one memory copy of the picture, the only work on the camera's thread.</summary>
    public static AlertFrame Copy(VideoFrame frame, IReadOnlyList<AnnotatedObject> objects)
    {
        var rowBytes = frame.Width * VideoFrame.BytesPerPixel;
        var pixels = ArrayPool<byte>.Shared.Rent(rowBytes * frame.Height);
        var source = frame.Pixels.Span;
        for (var y = 0; y < frame.Height; y++)
            source.Slice(y * frame.Stride, rowBytes).CopyTo(pixels.AsSpan(y * rowBytes));
        return new AlertFrame(pixels, frame.Width, frame.Height, frame.Format, objects);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _pixels, null) is { } pixels)
            ArrayPool<byte>.Shared.Return(pixels);
    }
}
