namespace EdgeSecurity.Video.Tests;

/// <summary>A model that does not match its manifest is refused at start-up, naming the file and the shapes expected.</summary>
public sealed class DetectorLoadingTests
{
    [Fact]
    public void A_missing_model_file_is_named()
    {
        var manifest = TestData.Yolox with { ModelFile = "yolox_tiny_416.onnx" };

        var error = Assert.Throws<FileNotFoundException>(() => OnnxObjectDetector.Create(manifest, TestData.ModelDirectory));

        Assert.Equal(Path.Combine(TestData.ModelDirectory, "yolox_tiny_416.onnx"), error.FileName);
        Assert.EndsWith("yolox_tiny_416.onnx named by manifest yolox_nano_416 does not exist; it must be an ONNX model with one input images float [1,3,416,416] and one output [1,3549,85].", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_file_with_another_checksum_is_refused()
    {
        var manifest = TestData.Yolox with { ModelFile = "picodet_s_416_coco.onnx" };

        var error = Assert.Throws<ModelManifestException>(() => OnnxObjectDetector.Create(manifest, TestData.ModelDirectory));

        Assert.Contains("its SHA-256 is cdab77bdde16e4f76bec734c4e5791801d1739e4c7ec1995e0e110e04300d0c2, the manifest expects 695e750a", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("; it must be an ONNX model with one input images float [1,3,416,416] and one output [1,3549,85].", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_input_of_another_size_is_refused_with_both_shapes()
    {
        var manifest = TestData.Yolox with { Sha256 = null, Input = TestData.Yolox.Input with { Width = 640, Height = 640 } };

        var error = Assert.Throws<ModelManifestException>(() => OnnxObjectDetector.Create(manifest, TestData.ModelDirectory));

        Assert.Equal(
            "yolox_nano_416.onnx does not match its manifest yolox_nano_416: expected one input images: Float [1,3,640,640]; the model has images: Float [1,3,416,416].",
            error.Message);
    }

    [Fact]
    public void Outputs_the_decoder_cannot_read_are_refused_with_both_shapes()
    {
        var manifest = TestData.Yolox with { ModelFile = "fire_smoke_yolov8n_int8_416.onnx", Sha256 = null };

        var error = Assert.Throws<ModelManifestException>(() => OnnxObjectDetector.Create(manifest, TestData.ModelDirectory));

        Assert.Equal(
            "fire_smoke_yolov8n_int8_416.onnx does not match its manifest yolox_nano_416 (Yolox): expected one output [1,3549,85] (3549 anchors for strides 8/16/32, 80 classes); the model has output0: Float [1,6,3549].",
            error.Message);
    }

    [Fact]
    public void A_class_filter_naming_an_unknown_class_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(
            () => OnnxObjectDetector.Create(TestData.Yolox, TestData.ModelDirectory, new DetectorOptions { Classes = ["person", "e-bike"] }));

        Assert.StartsWith("The model has no class 'e-bike'; its classes are person, bicycle, car,", error.Message, StringComparison.Ordinal);
    }
}
