using EdgeSecurity.Hub.Access;
using EdgeSecurity.Upstream.Privacy;

namespace EdgeSecurity.Hub.Forwarding;

/// <summary>
/// Every original (unblurred) image that leaves for a police platform goes into the hub's append-only access audit
/// (action <c>unblurred_upload</c>, actor <c>system:upstream</c>, outcome the upstream's name, subject the object and
/// image ids and size) before it is sent; when the audit cannot be written the upload does not happen.
/// </summary>
public sealed class AuditedUnblurredUploads(CredentialStore audit, ILogger<AuditedUnblurredUploads> logger) : IUnblurredUploadAudit
{
    public void Record(UnblurredUpload upload)
    {
        ArgumentNullException.ThrowIfNull(upload);
        // The policy's hook is synchronous and runs on the uplink's background loop, never on a request thread.
        audit.AuditAsync("system:upstream", null, "unblurred_upload", upload.Upstream, $"{upload.ObjectId} {upload.ImageId} {upload.Bytes} bytes", CancellationToken.None)
            .GetAwaiter().GetResult();
        logger.LogWarning("Unblurred image {ImageId} of {ObjectId} ({Bytes} bytes) sent to {Upstream}, audited", upload.ImageId, upload.ObjectId, upload.Bytes, upload.Upstream);
    }
}
