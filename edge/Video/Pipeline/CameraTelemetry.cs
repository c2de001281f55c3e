namespace EdgeSecurity.Video;

/// <summary>One camera's pipeline over one telemetry interval.</summary>
/// <param name="InputFramesPerSecond">Frames decoded per second.</param>
/// <param name="DetectFramesPerSecond">Detector runs per second.</param>
/// <param name="InferenceMilliseconds">Mean detector time per run (0 without runs).</param>
/// <param name="SkippedFrames">Frames handed to the shared detector and replaced by a newer one before it ran.</param>
/// <param name="SkippedPercent">Skipped ÷ handed to the detector, in percent.</param>
/// <param name="MotionPercent">Mean share of the picture that moved, in percent.</param>
/// <param name="DecodeErrors">ffmpeg restarts (stream ended, stalled, unreachable).</param>
/// <param name="DroppedFrames">Frames the camera dropped because every buffer was busy.</param>
/// <param name="MotionMilliseconds">Mean motion-detection time per decoded frame.</param>
/// <param name="AnalysisMilliseconds">Mean tracker + rules time per analysed frame.</param>
public sealed record CameraTelemetry(
    string Camera,
    double InputFramesPerSecond,
    double DetectFramesPerSecond,
    double InferenceMilliseconds,
    long SkippedFrames,
    double SkippedPercent,
    double MotionPercent,
    long DecodeErrors,
    long DroppedFrames,
    double MotionMilliseconds,
    double AnalysisMilliseconds)
{
    /// <summary>As the telemetry payload's measurements.</summary>
    public IReadOnlyDictionary<string, double> ToValues() => new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["inputFps"] = Math.Round(InputFramesPerSecond, 2),
        ["detectFps"] = Math.Round(DetectFramesPerSecond, 2),
        ["inferenceMs"] = Math.Round(InferenceMilliseconds, 2),
        ["skippedFrames"] = SkippedFrames,
        ["skippedPercent"] = Math.Round(SkippedPercent, 2),
        ["motionPercent"] = Math.Round(MotionPercent, 2),
        ["decodeErrors"] = DecodeErrors,
        ["droppedFrames"] = DroppedFrames,
        ["motionMs"] = Math.Round(MotionMilliseconds, 3),
        ["analysisMs"] = Math.Round(AnalysisMilliseconds, 3),
    };
}
