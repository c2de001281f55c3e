namespace EdgeSecurity.Agent.Cameras;

/// <summary>How the cameras' alert snapshots are kept on the gateway and sent to the hub (the <c>evidence:</c> section).</summary>
/// <param name="FaceModel">The face detector's manifest (UltraFace); faces are always pixelated on snapshots.</param>
/// <param name="MaxBytes">Size cap of everything under <c>&lt;dataDirectory&gt;/evidence</c>.</param>
/// <param name="KeepUnblurredOriginal">Also keep the unblurred frame on the gateway (never uploaded, kept at most 7 days).</param>
/// <param name="UploadMaxBytes">Snapshots up to this size are sent to the hub over MQTT; larger ones stay on the gateway.</param>
public sealed record EvidenceConfig(CameraModelConfig FaceModel, long MaxBytes, bool KeepUnblurredOriginal, int JpegQuality, int UploadMaxBytes)
{
    public const int DefaultUploadMaxBytes = 512 * 1024;

    /// <summary>Alert clips; off unless <c>evidence.clips.enabled</c>.</summary>
    public ClipsConfig Clips { get; init; } = ClipsConfig.Disabled;
}
