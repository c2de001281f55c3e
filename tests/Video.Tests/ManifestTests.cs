using EdgeSecurity.Testing;

namespace EdgeSecurity.Video.Tests;

public sealed class ManifestTests
{
    [Fact]
    public void The_shipped_yolox_manifest_says_what_the_models_readme_says()
    {
        var manifest = TestData.Yolox;

        Assert.Equal(DetectorFamily.Yolox, manifest.Decoder);
        Assert.Equal("yolox_nano_416.onnx", manifest.ModelFile);
        Assert.Equal("695e750a5d5754bb5a8d5325643b59282191a7e7a564e435a415fd3c578eab14", manifest.Sha256);
        Assert.Equal("coco80.names", manifest.LabelsFile);
        var input = manifest.Input;
        Assert.Equal(("images", 416, 416, ChannelOrder.Bgr, ResizeMode.LetterboxTopLeft, (byte)114), (input.Name, input.Width, input.Height, input.Channels, input.Resize, input.PadValue));
        Assert.Equal([0f, 0, 0], manifest.Input.Mean.ToArray());
        Assert.Equal([1f, 1, 1], manifest.Input.Std.ToArray());
        Assert.Equal([8, 16, 32], manifest.Strides.ToArray());
        Assert.Equal((0.3f, 0.45f, 100), (manifest.ScoreThreshold, manifest.NmsIouThreshold, manifest.MaxDetections));
        Assert.StartsWith("Apache-2.0", manifest.License, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_of_a_manifest_is_reported_with_its_position()
    {
        const string Yaml = """
            name: broken
            decoder: yolo5
            model: m.onnx
            labels: m.names
            treshold: 0.3
            input:
              width: wide
              height: 416
              layout: nhwc
              channels: bgr
              resize: stretch
              mean: [0, 0]
              std: [1, 1, 1]
            strides: [8, 16, 32]
            thresholds: { score: 0.3, nmsIou: 1.5 }
            """;

        var error = Assert.Throws<ModelManifestException>(() => ModelManifestLoader.Parse(Yaml, "broken.yaml"));

        Assert.Equal(
            [
                "broken.yaml:2:10: decoder: 'yolo5' is not known; expected one of yolox, picodet, yolov8, ultraface",
                "broken.yaml:5:1: treshold: unknown key 'treshold'; expected one of name, decoder, model, sha256, labels, license, source, input, strides, regMax, thresholds, maxDetections",
                "broken.yaml:7:3: input.name: missing; expected the model's input tensor name",
                "broken.yaml:7:10: input.width: 'wide' is not such an integer; expected an integer from 1 to 8192",
                "broken.yaml:9:11: input.layout: 'nhwc' is not known; expected one of nchw",
                "broken.yaml:12:9: input.mean: not such a list; expected a list of 3 numbers from -1000000 to 1000000",
                "broken.yaml:15:35: thresholds.nmsIou: '1.5' is not such a number; expected a number from 0 to 1",
            ],
            error.Message.Split(Environment.NewLine));
    }

    [Fact]
    public void Only_picodet_takes_a_box_distribution_size()
    {
        var yaml = File.ReadAllText(Path.Combine(RepositoryLayout.Root, "models", "yolox_nano_416.yaml")) + "regMax: 7\n";

        var error = Assert.Throws<ModelManifestException>(() => ModelManifestLoader.Parse(yaml, "yolox.yaml"));

        Assert.Contains("regMax: only PicoDet outputs box distributions, this is a Yolox model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_manifest_names_its_path()
    {
        var error = Assert.Throws<ModelManifestException>(() => ModelManifestLoader.Load("/nowhere/model.yaml"));

        Assert.Equal("The model manifest /nowhere/model.yaml does not exist.", error.Message);
    }
}
