namespace EdgeSecurity.Video.Tests;

public sealed class ImagePreprocessorTests
{
    private static readonly ModelInput Yolox = TestData.Yolox.Input;
    private static readonly ModelInput PicoDet = TestData.PicoDet.Input;
    private static readonly ModelInput FireSmoke = TestData.FireSmoke.Input;

    [Fact]
    public void Yolox_letterbox_pastes_raw_bgr_at_the_top_left_and_pads_with_114()
    {
        var preprocessor = new ImagePreprocessor(Yolox);

        var geometry = preprocessor.Preprocess(Uniform(768, 576, PixelFormat.Bgr24, 10, 20, 30));

        var tensor = preprocessor.Tensor.ToArray();
        Assert.Equal(new InputGeometry(416f / 768, 416f / 768, 0, 0, 768, 576), geometry);
        Assert.Equal([10f, 20f, 30f], Planes(tensor, 416, x: 415, y: 311));
        Assert.Equal([114f, 114f, 114f], Planes(tensor, 416, x: 0, y: 312));
    }

    [Fact]
    public void Ultralytics_letterbox_centres_rgb_scaled_to_one_and_pads_both_sides()
    {
        var preprocessor = new ImagePreprocessor(FireSmoke);

        var geometry = preprocessor.Preprocess(Uniform(580, 326, PixelFormat.Bgr24, 51, 102, 204));

        var tensor = preprocessor.Tensor.ToArray();
        // 326 × 416/580 = 233.8 → 234 rows, (416 − 234) / 2 = 91 rows of padding above.
        Assert.Equal(91, geometry.PadY);
        var padding = 114 / 255f;
        var close = new ToleranceComparer(1e-6f);
        Assert.Equal([padding, padding, padding], Planes(tensor, 416, x: 200, y: 90), close);
        Assert.Equal([0.8f, 0.4f, 0.2f], Planes(tensor, 416, x: 200, y: 91), close);
        Assert.Equal([0.8f, 0.4f, 0.2f], Planes(tensor, 416, x: 200, y: 324), close);
        Assert.Equal([padding, padding, padding], Planes(tensor, 416, x: 200, y: 325), close);
    }

    [Fact]
    public void PicoDet_stretches_and_normalises_rgb_with_imagenet_mean_and_std()
    {
        var preprocessor = new ImagePreprocessor(PicoDet);

        var geometry = preprocessor.Preprocess(Uniform(768, 576, PixelFormat.Rgb24, 200, 100, 50));

        var tensor = preprocessor.Tensor.ToArray();
        Assert.Equal(new InputGeometry(416f / 768, 416f / 576, 0, 0, 768, 576), geometry);
        var expected = new[] { (200 - 123.675f) / 58.395f, (100 - 116.28f) / 57.12f, (50 - 103.53f) / 57.375f };
        foreach (var (x, y) in new[] { (0, 0), (415, 415), (207, 100) })
            Assert.Equal(expected, Planes(tensor, 416, x, y), new ToleranceComparer(1e-5f));
    }

    [Fact]
    public void A_frame_of_the_input_size_is_copied_unchanged()
    {
        var pixels = new byte[416 * 416 * 3];
        Random.Shared.NextBytes(pixels);
        var preprocessor = new ImagePreprocessor(Yolox);

        preprocessor.Preprocess(new VideoFrame(pixels, 416, 416, PixelFormat.Bgr24));

        var tensor = preprocessor.Tensor.Span;
        for (var i = 0; i < 416 * 416; i++)
        {
            for (var channel = 0; channel < 3; channel++)
                Assert.Equal(pixels[(i * 3) + channel], tensor[(channel * 416 * 416) + i]);
        }
    }

    [Fact]
    public void Downscaling_samples_between_source_pixels_as_opencv_does()
    {
        var input = PicoDet with { Width = 2, Height = 1, Mean = [0, 0, 0], Std = [1, 1, 1] };
        var pixels = new byte[] { 0, 0, 0, 100, 100, 100, 200, 200, 200, 250, 250, 250 };
        var preprocessor = new ImagePreprocessor(input);

        preprocessor.Preprocess(new VideoFrame(pixels, 4, 1, PixelFormat.Rgb24));

        // Output pixel centres map to source x = 0.5 and 2.5: halfway between pixels 0 and 1, and 2 and 3.
        Assert.Equal([50f, 225f, 50f, 225f, 50f, 225f], preprocessor.Tensor.ToArray());
    }

    [Fact]
    public void Frames_of_another_size_replan_the_resize()
    {
        var preprocessor = new ImagePreprocessor(Yolox);

        preprocessor.Preprocess(Uniform(768, 576, PixelFormat.Bgr24, 1, 1, 1));
        var geometry = preprocessor.Preprocess(Uniform(320, 640, PixelFormat.Bgr24, 9, 9, 9));

        // Portrait now: what was picture at the right of the landscape frame is padding, and the reverse below.
        var tensor = preprocessor.Tensor.ToArray();
        Assert.Equal(0.65f, geometry.ScaleX);
        Assert.Equal([9f, 9f, 9f], Planes(tensor, 416, x: 207, y: 415));
        Assert.Equal([114f, 114f, 114f], Planes(tensor, 416, x: 208, y: 0));
    }

    [Fact]
    public void The_next_frame_of_the_same_size_replaces_the_picture_and_keeps_the_padding()
    {
        var preprocessor = new ImagePreprocessor(Yolox);
        preprocessor.Preprocess(Uniform(768, 576, PixelFormat.Bgr24, 1, 2, 3));

        preprocessor.Preprocess(Uniform(768, 576, PixelFormat.Bgr24, 7, 8, 9));

        var tensor = preprocessor.Tensor.ToArray();
        Assert.Equal([7f, 8f, 9f], Planes(tensor, 416, x: 0, y: 0));
        Assert.Equal([114f, 114f, 114f], Planes(tensor, 416, x: 415, y: 415));
    }

    [Fact]
    public void A_buffer_too_short_for_the_frame_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new VideoFrame(new byte[100], 10, 10, PixelFormat.Bgr24));
    }

    private static VideoFrame Uniform(int width, int height, PixelFormat format, byte first, byte second, byte third)
    {
        var pixels = new byte[width * height * 3];
        for (var i = 0; i < pixels.Length; i += 3)
            (pixels[i], pixels[i + 1], pixels[i + 2]) = (first, second, third);
        return new VideoFrame(pixels, width, height, format);
    }

    private static float[] Planes(float[] tensor, int side, int x, int y) =>
        [.. Enumerable.Range(0, 3).Select(channel => tensor[(channel * side * side) + (y * side) + x])];

    private sealed class ToleranceComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
