using EdgeSecurity.Testing;

namespace EdgeSecurity.Bindings.OnnxRuntime.Tests;

/// <summary>The test models in ../shared/models, described in its README.</summary>
internal static class SharedModels
{
    // Every session in these tests is made from a path here, so this runs first. PicoDet's old export makes ORT warn
    // once per initializer at load (harmless, see ../shared/models/README.md), which would bury the test output.
    static SharedModels() => OrtEnvironment.Initialize(OrtLoggingLevel.Error);

    /// <summary>The process's environment, made at the log level above; for sessions made from other paths.</summary>
    public static OrtEnvironment Environment => OrtEnvironment.Instance;

    public static string Directory => Path.Combine(RepositoryLayout.SharedDirectory, "models");

    public static string YoloxNano416 => Path.Combine(Directory, "yolox_nano_416.onnx");

    public static string PicoDetS416 => Path.Combine(Directory, "picodet_s_416_coco.onnx");

    public static string UltraFace320 => Path.Combine(Directory, "ultraface_rfb_320.onnx");

    public static string UltraFace640 => Path.Combine(Directory, "ultraface_rfb_640.onnx");

    public static string FireSmokeYoloV8 => Path.Combine(Directory, "fire_smoke_yolov8n_int8_416.onnx");
}
