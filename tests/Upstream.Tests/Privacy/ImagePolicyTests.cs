using EdgeSecurity.Upstream.Governance;
using EdgeSecurity.Upstream.Privacy;
using EdgeSecurity.Upstream.Tests.Infrastructure;
using EdgeSecurity.Upstream.Tests.Viid;
using EdgeSecurity.Upstream.Viid;

namespace EdgeSecurity.Upstream.Tests.Privacy;

/// <summary>Images leaving the hub: blurred by real ffmpeg unless the upstream is a police platform, and then audited.</summary>
public sealed class ImagePolicyTests
{
    private readonly RecordingAudit _audit = new();
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public async Task A_platform_that_is_not_police_gets_a_blurred_jpeg_and_nothing_is_audited()
    {
        var policy = new UpstreamImagePolicy("县社会治理中心", receivesOriginals: false, new FfmpegImageBlur(), _audit, _time);

        var image = await policy.PrepareAsync(SampleJpeg.Bytes, "inc-1", "snapshot", CancellationToken.None);

        Assert.True(image.Blurred);
        Assert.Equal([0xFF, 0xD8], image.Jpeg[..2]);
        Assert.True(SampleJpeg.Detail(image.Jpeg) * 10 < SampleJpeg.Detail(SampleJpeg.Bytes),
            $"blurred detail {SampleJpeg.Detail(image.Jpeg)} is not a tenth of the original's {SampleJpeg.Detail(SampleJpeg.Bytes)}");
        Assert.Empty(_audit.Uploads);
    }

    [Fact]
    public async Task A_police_platform_gets_the_original_and_every_such_upload_is_audited_first()
    {
        var policy = new UpstreamImagePolicy("派出所视图库", receivesOriginals: true, new FfmpegImageBlur(), _audit, _time);

        var image = await policy.PrepareAsync(SampleJpeg.Bytes, "48-digit-person-id", "41-digit-image-id", CancellationToken.None);

        Assert.Equal(new OutboundImage(SampleJpeg.Bytes, Blurred: false), image);
        Assert.Equal(new UnblurredUpload("派出所视图库", "48-digit-person-id", "41-digit-image-id", SampleJpeg.Bytes.Length, _time.GetUtcNow()), Assert.Single(_audit.Uploads));
    }

    [Fact]
    public async Task When_the_audit_fails_the_original_does_not_leave()
    {
        var policy = new UpstreamImagePolicy("派出所视图库", receivesOriginals: true, new FfmpegImageBlur(), new FailingAudit(), _time);

        await Assert.ThrowsAsync<IOException>(() => policy.PrepareAsync(SampleJpeg.Bytes, "o", "i", CancellationToken.None));
    }

    [Fact]
    public async Task An_image_that_cannot_be_blurred_is_refused_with_the_reason_instead_of_sent_as_it_is()
    {
        var policy = new UpstreamImagePolicy("县社会治理中心", receivesOriginals: false, new FfmpegImageBlur(), _audit, _time);

        var notJpeg = await Assert.ThrowsAsync<ImageBlurException>(() => policy.PrepareAsync("GIF89a"u8.ToArray(), "o", "i", CancellationToken.None));
        var truncated = await Assert.ThrowsAsync<ImageBlurException>(() => policy.PrepareAsync(SampleJpeg.Bytes[..40], "o", "i", CancellationToken.None));

        Assert.Equal("the image is not a JPEG (no SOI marker)", notJpeg.Message);
        Assert.StartsWith("ffmpeg could not blur the image", truncated.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_ffmpeg_that_does_not_finish_in_time_is_stopped_and_nothing_is_sent()
    {
        // No ffmpeg starts, decodes and encodes within a millisecond: this is the stuck-ffmpeg path.
        var policy = new UpstreamImagePolicy("县社会治理中心", receivesOriginals: false, new FfmpegImageBlur(TimeSpan.FromMilliseconds(1)), _audit, _time);

        var error = await Assert.ThrowsAsync<ImageBlurException>(() => policy.PrepareAsync(SampleJpeg.Bytes, "o", "i", CancellationToken.None));

        Assert.Equal("ffmpeg did not blur the image within 0.001 s", error.Message);
    }

    [Fact]
    public async Task Sub_images_for_the_viid_and_evidence_for_the_centre_carry_what_the_policy_let_out()
    {
        var policy = new UpstreamImagePolicy("视图库", receivesOriginals: false, new FfmpegImageBlur(), _audit, _time);

        var subImage = await ViidSubImages.PrepareAsync(policy, "person", "image", SampleObjects.CameraId, ViidSubImages.FaceImage,
            SampleObjects.ShotAt, SampleJpeg.Width, SampleJpeg.Height, SampleJpeg.Bytes, SampleObjects.ChinaTime, CancellationToken.None);
        var evidence = RecordEvidence.EmbeddedJpeg("snapshot", await policy.PrepareAsync(SampleJpeg.Bytes, "inc-1", "snapshot", CancellationToken.None));

        Assert.NotEqual(SampleJpeg.Bytes, Convert.FromBase64String(subImage.Data!));
        Assert.Equal(("11", "20261122231500"), (subImage.Type, subImage.ShotTime));
        Assert.True(evidence.Blurred);
        Assert.Equal("image/jpeg", evidence.ContentType);
        Assert.NotEqual(SampleJpeg.Bytes, Convert.FromBase64String(evidence.Data!));
        Assert.Empty(_audit.Uploads);
    }

    private sealed class RecordingAudit : IUnblurredUploadAudit
    {
        public List<UnblurredUpload> Uploads { get; } = [];

        public void Record(UnblurredUpload upload) => Uploads.Add(upload);
    }

    private sealed class FailingAudit : IUnblurredUploadAudit
    {
        public void Record(UnblurredUpload upload) => throw new IOException("audit log disk full");
    }
}
