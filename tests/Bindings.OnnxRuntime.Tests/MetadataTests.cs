namespace EdgeSecurity.Bindings.OnnxRuntime.Tests;

/// <summary>Each test model declares the inputs and outputs ../shared/models/README.md gives for it.</summary>
public sealed class MetadataTests
{
    [Fact]
    public void Yolox_nano_takes_a_bgr_image_and_gives_3549_rows_of_85()
    {
        using var session = new InferenceSession(SharedModels.YoloxNano416);

        Assert.Equal(["images: Float [1,3,416,416]"], session.Inputs.Select(i => i.ToString()));
        Assert.Equal(["output: Float [1,3549,85]"], session.Outputs.Select(o => o.ToString()));
    }

    [Fact]
    public void PicoDet_feeds_only_the_image_and_gives_four_score_and_four_box_tensors()
    {
        using var session = new InferenceSession(SharedModels.PicoDetS416);

        Assert.Equal(["image: Float [1,3,416,416]"], session.Inputs.Select(i => i.ToString()));
        Assert.Equal(
            [
                "save_infer_model/scale_0.tmp_1: Float [1,2704,80]",
                "save_infer_model/scale_1.tmp_1: Float [1,676,80]",
                "save_infer_model/scale_2.tmp_1: Float [1,169,80]",
                "save_infer_model/scale_3.tmp_1: Float [1,49,80]",
                "save_infer_model/scale_4.tmp_1: Float [1,2704,32]",
                "save_infer_model/scale_5.tmp_1: Float [1,676,32]",
                "save_infer_model/scale_6.tmp_1: Float [1,169,32]",
                "save_infer_model/scale_7.tmp_1: Float [1,49,32]",
            ],
            session.Outputs.Select(o => o.ToString()));
    }

    [Theory]
    [InlineData("ultraface_rfb_320.onnx", 240, 320, 4420)]
    [InlineData("ultraface_rfb_640.onnx", 480, 640, 17640)]
    public void UltraFace_gives_face_scores_and_corner_boxes(string file, int height, int width, int priors)
    {
        using var session = new InferenceSession(Path.Combine(SharedModels.Directory, file));

        Assert.Equal([$"input: Float [1,3,{height},{width}]"], session.Inputs.Select(i => i.ToString()));
        Assert.Equal([$"scores: Float [1,{priors},2]", $"boxes: Float [1,{priors},4]"], session.Outputs.Select(o => o.ToString()));
    }

    [Fact]
    public void Fire_smoke_yolov8_gives_its_output_channel_major()
    {
        using var session = new InferenceSession(SharedModels.FireSmokeYoloV8);

        Assert.Equal(["images: Float [1,3,416,416]"], session.Inputs.Select(i => i.ToString()));
        Assert.Equal(["output0: Float [1,6,3549]"], session.Outputs.Select(o => o.ToString()));
    }

    [Fact]
    public void The_loaded_runtime_is_1_30()
    {
        Assert.StartsWith("1.30.", OrtEnvironment.RuntimeVersion, StringComparison.Ordinal);
    }
}
