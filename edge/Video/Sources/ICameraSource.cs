namespace EdgeSecurity.Video;

/// <summary>
/// One camera decoded to frames at the detect resolution. It keeps itself running: a stream that stalls, ends or cannot
/// be reached is restarted with backoff, and each change between online and offline is reported once.
/// </summary>
public interface ICameraSource : IAsyncDisposable
{
    string Name { get; }

    CameraHealth Health { get; }

    /// <summary>Raised on the camera's reader thread; keep handlers short.</summary>
    event EventHandler<CameraHealthChanged>? HealthChanged;

    /// <summary>Frames dropped because every pooled buffer was still held by the consumer.</summary>
    long DroppedFrames { get; }

    /// <summary>Starts the decoder; frames (read with <see cref="ReadFramesAsync"/>) and health events flow from then on.</summary>
    void Start();

    /// <summary>
    /// Starts the decoder and hands each frame to <paramref name="onFrame"/> on the camera's reader thread instead of
    /// the async stream. The callback owns the frame: it disposes it, now or later (e.g. after a queued inference).
    /// While it runs, the camera reads no further, so it should only hand the frame on; it must not throw, since an
    /// exception on the reader thread ends the process.
    /// </summary>
    void Start(Action<PooledFrame>? onFrame);

    /// <summary>
    /// The frames as they arrive, for one consumer. Dispose each frame when done with it. Frames the consumer is too
    /// slow for are dropped at the source rather than queued.
    /// </summary>
    IAsyncEnumerable<PooledFrame> ReadFramesAsync(CancellationToken cancellationToken = default);
}
