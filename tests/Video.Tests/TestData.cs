using EdgeSecurity.Bindings.OnnxRuntime;
using EdgeSecurity.Testing;

namespace EdgeSecurity.Video.Tests;

/// <summary>Paths of the shared test models and media, the shipped manifests and the test-only ones.</summary>
internal static class TestData
{
    // Every test reaches a model through this class first. PicoDet's old export makes ORT warn once per initializer at
    // load (harmless, see ../shared/models/README.md), which would bury the test output.
    static TestData() => OrtEnvironment.Initialize(OrtLoggingLevel.Error);

    public static string ModelDirectory => Path.Combine(RepositoryLayout.SharedDirectory, "models");

    public static string Media(string file) => Path.Combine(RepositoryLayout.SharedDirectory, "media", file);

    public static ModelManifest Yolox => ModelManifestLoader.Load(Path.Combine(RepositoryLayout.Root, "models", "yolox_nano_416.yaml"));

    /// <summary>The shipped face detector: manifest, model and labels all in the repository's models/.</summary>
    public static ModelManifest UltraFace => ModelManifestLoader.Load(Path.Combine(ShippedModelDirectory, "ultraface_rfb_320.yaml"));

    public static string ShippedModelDirectory => Path.Combine(RepositoryLayout.Root, "models");

    public static ModelManifest PicoDet => ModelManifestLoader.Load(Path.Combine(AppContext.BaseDirectory, "Manifests", "picodet_s_416_coco.yaml"));

    public static ModelManifest FireSmoke => ModelManifestLoader.Load(Path.Combine(AppContext.BaseDirectory, "Manifests", "fire_smoke_yolov8n_int8_416.yaml"));

    /// <summary>A test image decoded by ffmpeg, as a bgr24 frame.</summary>
    public static VideoFrame Frame(string file)
    {
        var image = RawImage.Decode(Media(file));
        return new VideoFrame(image.Pixels, image.Width, image.Height, PixelFormat.Bgr24);
    }

    /// <summary>A test image decoded and scaled by ffmpeg (bilinear), as an rgb24 frame: what a camera source decoding at the detect size gives.</summary>
    public static VideoFrame ScaledRgbFrame(string file, int width, int height)
    {
        var image = RawImage.DecodeScaled(Media(file), "rgb24", width, height);
        return new VideoFrame(image.Pixels, width, height, PixelFormat.Rgb24);
    }
}
