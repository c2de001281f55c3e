namespace EdgeSecurity.Video;

/// <summary>How snapshots are made.</summary>
public sealed record EvidenceRecorderOptions
{
    /// <summary>JPEG quality, 1–100: 85 keeps faces-blurred scenes legible at about 60–120 KB for 768×576.</summary>
    public int JpegQuality { get; init; } = 85;

    /// <summary>Pixelate every face found on the snapshot (the default; the plans require protecting privacy).</summary>
    public bool BlurFaces { get; init; } = true;

    /// <summary>
    /// Also store the frame as captured, unblurred and unannotated, as an <see cref="EvidenceFileKind.Original"/> with the
    /// snapshot's id, for audited police access. Off by default; never referenced by events, never uploaded by this code.
    /// </summary>
    public bool KeepUnblurredOriginal { get; init; }

    public FaceBlurOptions FaceBlur { get; init; } = new();
}
