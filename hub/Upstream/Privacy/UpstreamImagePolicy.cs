namespace EdgeSecurity.Upstream.Privacy;

/// <summary>
/// The one gate every image passes on its way to an upstream. Only an upstream configured as a police platform
/// (<c>ReceivesOriginals</c>) gets originals, and each such upload is audited first; every other upstream gets the
/// blurred rendition. When blurring fails, nothing is sent (the caller leaves the image out or retries later).
/// </summary>
public sealed class UpstreamImagePolicy(string upstream, bool receivesOriginals, IImageBlur blur, IUnblurredUploadAudit audit, TimeProvider time)
{
    public string Upstream { get; } = upstream;

    public bool ReceivesOriginals { get; } = receivesOriginals;

    /// <exception cref="ImageBlurException">Blurring failed.</exception>
    public async Task<OutboundImage> PrepareAsync(byte[] jpeg, string objectId, string imageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jpeg);
        if (!ReceivesOriginals)
            return new OutboundImage(await blur.BlurAsync(jpeg, cancellationToken).ConfigureAwait(false), Blurred: true);
        audit.Record(new UnblurredUpload(Upstream, objectId, imageId, jpeg.Length, time.GetUtcNow()));
        return new OutboundImage(jpeg, Blurred: false);
    }
}
