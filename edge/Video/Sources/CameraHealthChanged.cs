namespace EdgeSecurity.Video;

/// <summary>
/// A camera went online (frames flow) or offline (ffmpeg stalled, exited or could not start). Raised once per change,
/// not once per reconnect attempt, so the agent can turn each into one health event.
/// </summary>
/// <param name="Reason">Why, in one sentence; for an ffmpeg failure its last error line.</param>
public sealed record CameraHealthChanged(string Camera, CameraHealth Health, string Reason, DateTimeOffset At);
