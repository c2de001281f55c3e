namespace EdgeSecurity.Agent.Cameras;

/// <summary>
/// Alert clips (<c>evidence.clips</c>): video copied as the camera encoded it, so faces in it are not pixelated. Off by
/// default; when on, clips are kept on the gateway only, like unblurred originals, for audited police access.
/// </summary>
/// <param name="Before">Video before the alert time.</param>
/// <param name="After">Video after it; the clip is cut once this much has been recorded.</param>
public sealed record ClipsConfig(bool Enabled, TimeSpan Before, TimeSpan After)
{
    public const int DefaultSeconds = 10;

    public const int MaxSeconds = 60;

    public static ClipsConfig Disabled { get; } = new(false, TimeSpan.FromSeconds(DefaultSeconds), TimeSpan.FromSeconds(DefaultSeconds));
}
