namespace EdgeSecurity.Video;

/// <summary>What one camera's rules see at one moment: the tracked objects and, on frames the detector ran on, its raw detections; the motion regions of every frame.</summary>
/// <param name="FrameTimestamp">When the frame arrived, in <see cref="System.Diagnostics.Stopwatch"/> ticks, so an alert can tell its frame-to-alert latency.</param>
public sealed record CameraScene(
    string Camera,
    DateTimeOffset At,
    long FrameTimestamp,
    IReadOnlyList<Track> Tracks,
    bool Detected,
    IReadOnlyList<DetectedObject> Detections,
    IReadOnlyList<BoundingBox> Motion);
