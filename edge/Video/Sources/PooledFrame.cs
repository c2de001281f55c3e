namespace EdgeSecurity.Video;

/// <summary>
/// A decoded frame in a buffer borrowed from its camera's small pool. Dispose it as soon as the frame is no longer
/// needed: the buffer goes back to the pool and the camera decodes into it again, so the frame's pixels must not be
/// used after that.
/// </summary>
public sealed class PooledFrame : IDisposable
{
    private readonly FramePool _pool;
    private int _rented;

    internal PooledFrame(FramePool pool, int width, int height)
    {
        _pool = pool;
        Buffer = new byte[width * height * VideoFrame.BytesPerPixel];
        Frame = new VideoFrame(Buffer, width, height, PixelFormat.Bgr24);
    }

    public VideoFrame Frame { get; }

    /// <summary>Counts frames decoded by this camera since it was created, across reconnects; gaps are dropped frames.</summary>
    public long Sequence { get; internal set; }

    /// <summary>When the last byte of the frame arrived from ffmpeg, in <see cref="System.Diagnostics.Stopwatch"/> ticks.</summary>
    public long ReceivedTimestamp { get; internal set; }

    internal byte[] Buffer { get; }

    internal void MarkRented() => Volatile.Write(ref _rented, 1);

    public void Dispose()
    {
        // A second dispose would put the buffer in the pool twice and let two frames share it.
        if (Interlocked.Exchange(ref _rented, 0) == 1)
            _pool.Return(this);
    }
}
