namespace EdgeSecurity.Cli.Camera;

/// <summary>What ffprobe found in a camera's video stream. The key-frame interval is measured over the first seconds read.</summary>
public sealed record StreamInfo(
    string Codec,
    string? Profile,
    int Width,
    int Height,
    double? FramesPerSecond,
    double? KeyframeIntervalSeconds,
    int? KeyframeIntervalFrames);
