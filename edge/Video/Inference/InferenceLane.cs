namespace EdgeSecurity.Video;

/// <summary>
/// One camera's place in a shared <see cref="InferenceScheduler"/>: at most one frame waits here, the newest. Submitting
/// while one waits skips the older one (counted), so a camera the detector cannot keep up with loses its stale frames,
/// never its latest, and never delays another camera.
/// </summary>
public sealed class InferenceLane
{
    private readonly InferenceScheduler _scheduler;
    private long _submitted;
    private long _completed;
    private long _skipped;
    private long _failed;
    private long _inferenceTicks;

    internal InferenceLane(InferenceScheduler queue, string camera)
    {
        _scheduler = queue;
        Camera = camera;
    }

    public string Camera { get; }

    /// <summary>The shared detector this lane feeds.</summary>
    public InferenceScheduler Scheduler => _scheduler;

    /// <summary>The frame waiting for the detector; guarded by the queue's lock.</summary>
    internal IInferenceJob? Waiting { get; set; }

    /// <summary>Queues <paramref name="job"/>, skipping the frame of this camera that still waits, if any. Never blocks on the detector.</summary>
    public void Submit(IInferenceJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        Interlocked.Increment(ref _submitted);
        var replaced = _scheduler.Enqueue(this, job);
        if (replaced is null)
            return;
        Interlocked.Increment(ref _skipped);
        replaced.Skip();
    }

    public InferenceLaneStatistics Statistics => new(
        Interlocked.Read(ref _submitted),
        Interlocked.Read(ref _completed),
        Interlocked.Read(ref _skipped),
        Interlocked.Read(ref _failed),
        TimeSpan.FromTicks(Interlocked.Read(ref _inferenceTicks)));

    internal void CountCompleted(TimeSpan inferenceTime)
    {
        Interlocked.Increment(ref _completed);
        Interlocked.Add(ref _inferenceTicks, inferenceTime.Ticks);
    }

    internal void CountFailed() => Interlocked.Increment(ref _failed);

    internal void CountSkipped() => Interlocked.Increment(ref _skipped);
}
