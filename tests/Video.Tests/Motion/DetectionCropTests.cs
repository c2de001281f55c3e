namespace EdgeSecurity.Video.Tests;

public sealed class DetectionCropTests(YoloxDetectorTests.Detector yolox) : IClassFixture<YoloxDetectorTests.Detector>
{
    [Theory]
    [InlineData(416, 416)]
    [InlineData(320, 192)]
    [InlineData(192, 320)]
    public void The_crop_holds_the_regions_inside_the_frame_with_the_model_aspect(int modelWidth, int modelHeight)
    {
        BoundingBox[] regions = [new(500, 300, 560, 350), new(590, 320, 630, 355)];

        var crop = DetectionCrop.Around(regions, 640, 360, modelWidth, modelHeight);

        AssertInside(crop, 640, 360);
        AssertAspect(crop, modelWidth, modelHeight);
        Assert.All(regions, region => Assert.True(
            crop.X <= region.Left && crop.Y <= region.Top && crop.Right >= region.Right && crop.Bottom >= region.Bottom,
            $"{region} is not inside {crop}"));
    }

    [Fact]
    public void Regions_wider_than_the_frame_allows_give_the_largest_crop_of_the_model_aspect()
    {
        var crop = DetectionCrop.Around([new BoundingBox(0, 100, 640, 200)], 640, 360, 416, 416);

        Assert.Equal(new PixelRectangle(140, 0, 360, 360), crop);
    }

    [Fact]
    public void A_tiny_region_gets_at_least_half_the_model_input()
    {
        var crop = DetectionCrop.Around([new BoundingBox(10, 10, 14, 14)], 640, 360, 416, 416);

        Assert.Equal(new PixelRectangle(0, 0, 208, 208), crop);
    }

    [Fact]
    public void A_crop_is_a_frame_over_the_same_pixels_with_the_parent_stride()
    {
        var frame = new SyntheticScene().Frame((100, 50));
        var rectangle = new PixelRectangle(90, 40, 64, 48);

        var crop = DetectionCrop.Of(frame, rectangle);

        Assert.Equal((64, 48, frame.Stride), (crop.Width, crop.Height, crop.Stride));
        for (var y = 0; y < crop.Height; y++)
            Assert.True(crop.Row(y).SequenceEqual(frame.Row(y + 40).Slice(90 * 3, 64 * 3)), $"row {y} differs");
        Assert.Throws<ArgumentOutOfRangeException>(() => DetectionCrop.Of(frame, new PixelRectangle(300, 200, 64, 48)));
    }

    [Fact]
    public void The_detector_finds_on_a_crop_what_it_finds_on_the_full_frame()
    {
        var frame = TestData.Frame("vtest_frame_t20s.jpg");
        var person = new BoundingBox(616, 264, 650, 368);

        var rectangle = DetectionCrop.Around([person], frame.Width, frame.Height, 416, 416);
        var inCrop = yolox.Instance.Detect(DetectionCrop.Of(frame, rectangle));
        var inFrame = inCrop.Select(d => d with { Box = DetectionCrop.ToFrame(d.Box, rectangle) }).ToList();

        Expect.Overlapping(inFrame, "person", person, 0.7f);
    }

    private static void AssertInside(PixelRectangle crop, int width, int height) =>
        Assert.True(crop.X >= 0 && crop.Y >= 0 && crop.Right <= width && crop.Bottom <= height && crop.Width > 0 && crop.Height > 0, $"{crop} is not inside {width}×{height}");

    /// <summary>Equal up to rounding to whole pixels.</summary>
    private static void AssertAspect(PixelRectangle crop, int modelWidth, int modelHeight) =>
        Assert.True(Math.Abs((crop.Width * modelHeight) - (crop.Height * modelWidth)) <= Math.Max(modelWidth, modelHeight), $"{crop} does not have the aspect {modelWidth}:{modelHeight}");
}
