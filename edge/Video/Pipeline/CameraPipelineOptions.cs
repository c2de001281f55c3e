namespace EdgeSecurity.Video;

/// <summary>How often one camera runs the detector, and which clock stamps its frames.</summary>
public sealed record CameraPipelineOptions
{
    public required string Camera { get; init; }

    /// <summary>Detector runs per second at most (frames in between only feed motion and the rules).</summary>
    public double DetectFramesPerSecond { get; init; } = 5;

    /// <summary>With no motion the detector rests, except once per this interval on the whole frame, to see what stopped moving.</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Stamp frames with their position in the stream (first arrival + sequence ÷ this rate) instead of their arrival:
    /// for files decoded faster than real time, so that durations in rules are the video's. Null uses arrival time.
    /// </summary>
    public double? StreamFramesPerSecond { get; init; }

    /// <summary>
    /// Files only: the camera waits for the detector before it decodes on, so no frame due for detection is skipped:
    /// for tests and benchmarks that replay a file faster than real time. A live camera must never wait.
    /// </summary>
    public bool WaitForDetector { get; init; }

    /// <summary>
    /// Raised and updated alerts carry a copy of their frame and the tracked objects (<see cref="CameraAlert.Frame"/>),
    /// for a snapshot made off the camera's thread. Off: alerts carry no frame.
    /// </summary>
    public bool CaptureAlertFrames { get; init; }

    /// <summary>Report confirmed tracks as structured objects (<see cref="CameraPipeline.Sighted"/>); null reports none.</summary>
    public ObjectSightingOptions? Sightings { get; init; }

    public MotionDetectorOptions Motion { get; init; } = new();

    public TrackerOptions Tracker { get; init; } = new();

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Camera);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(DetectFramesPerSecond);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RefreshInterval, TimeSpan.Zero);
        Sightings?.Validate();
        if (StreamFramesPerSecond is { } fps)
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fps);
    }
}
