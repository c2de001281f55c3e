using EdgeSecurity.Agent.Cameras;

namespace EdgeSecurity.Agent.Configuration;

/// <summary>
/// Reads the <c>evidence:</c> section: the snapshots of camera alerts (size cap, unblurred originals, JPEG quality,
/// upload size), the face model that pixelates them, and the optional clips (<c>clips:</c>, off by default). The default face model ships beside the agent
/// (<c>models/ultraface_rfb_320.yaml</c> in its directory).
/// </summary>
internal static class EvidenceConfigReader
{
    private const int MaxMegabytes = 1024 * 1024;

    public static EvidenceConfig Read(YamlSection root, string baseDirectory)
    {
        var evidence = root.Section("evidence", required: false, "a mapping with maxMegabytes, keepUnblurredOriginal, jpegQuality, uploadMaxKilobytes, faceModel and clips");
        var maxMegabytes = evidence.WholeNumber("maxMegabytes", fallback: 2048, min: 1, max: MaxMegabytes, "megabytes");
        var keepOriginal = evidence.Boolean("keepUnblurredOriginal", fallback: false);
        var quality = evidence.WholeNumber("jpegQuality", fallback: 85, min: 1, max: 100);
        var uploadKilobytes = evidence.WholeNumber("uploadMaxKilobytes", fallback: EvidenceConfig.DefaultUploadMaxBytes / 1024, min: 0, max: 512, "kilobytes");
        var manifest = ConfigLoader.ReadPath(evidence, "faceModel", baseDirectory)
            ?? Path.Combine(AppContext.BaseDirectory, "models", "ultraface_rfb_320.yaml");
        var clips = ReadClips(evidence);
        evidence.ReportUnknownKeys();
        return new EvidenceConfig(new CameraModelConfig(manifest, Path.GetDirectoryName(manifest)!), maxMegabytes * 1024L * 1024L, keepOriginal, quality, uploadKilobytes * 1024)
        {
            Clips = clips,
        };
    }

    private static ClipsConfig ReadClips(YamlSection evidence)
    {
        var clips = evidence.Section("clips", required: false, "a mapping with enabled, beforeSeconds and afterSeconds");
        var enabled = clips.Boolean("enabled", fallback: false);
        var before = clips.WholeNumber("beforeSeconds", fallback: ClipsConfig.DefaultSeconds, min: 0, max: ClipsConfig.MaxSeconds, "seconds");
        var after = clips.WholeNumber("afterSeconds", fallback: ClipsConfig.DefaultSeconds, min: 1, max: ClipsConfig.MaxSeconds, "seconds");
        clips.ReportUnknownKeys();
        return new ClipsConfig(enabled, TimeSpan.FromSeconds(before), TimeSpan.FromSeconds(after));
    }
}
