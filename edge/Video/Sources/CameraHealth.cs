namespace EdgeSecurity.Video;

/// <summary>Whether a camera is delivering frames. A camera starts in <see cref="Starting"/> until its first frame or failure.</summary>
public enum CameraHealth
{
    Starting,
    Online,
    Offline,
}
