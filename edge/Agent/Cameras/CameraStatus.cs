namespace EdgeSecurity.Agent.Cameras;

/// <summary>
/// One camera as the control socket's <c>status json</c> tells it: its health (<c>starting</c>, <c>online</c>,
/// <c>offline</c>) since when, the last frame seen (to a telemetry interval), and the rates of the last telemetry interval
/// (null before the first one ends).
/// </summary>
public sealed record CameraStatus(
    string Id,
    string State,
    DateTimeOffset Since,
    DateTimeOffset? LastFrameAt,
    double? InputFps,
    double? DetectFps,
    double? SkippedPercent,
    DateTimeOffset? MeasuredAt)
{
    public bool Online => State == "online";
}
