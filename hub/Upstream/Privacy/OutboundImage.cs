namespace EdgeSecurity.Upstream.Privacy;

/// <summary>A JPEG cleared to leave the hub, and whether it was blurred on the way.</summary>
public sealed record OutboundImage(byte[] Jpeg, bool Blurred);

/// <summary>What an unblurred image is, and where it goes, for the audit trail.</summary>
/// <param name="Upstream">The configured name of the receiving platform.</param>
/// <param name="ObjectId">The incident id or GA/T 1400 object id the image belongs to.</param>
/// <param name="ImageId">The image's own id (evidence kind or GA/T 1400 ImageID).</param>
public sealed record UnblurredUpload(string Upstream, string ObjectId, string ImageId, int Bytes, DateTimeOffset At);

/// <summary>
/// Told about every original (unblurred) image before it leaves for an upstream allowed to receive originals. An
/// exception here stops that upload: an original never leaves without its audit entry.
/// </summary>
public interface IUnblurredUploadAudit
{
    void Record(UnblurredUpload upload);
}

/// <summary>Makes faces, plates and bodies in a JPEG unrecognisable.</summary>
public interface IImageBlur
{
    /// <exception cref="ImageBlurException">The image could not be blurred (then it must not be sent).</exception>
    Task<byte[]> BlurAsync(byte[] jpeg, CancellationToken cancellationToken);
}

public sealed class ImageBlurException(string message) : Exception(message);
