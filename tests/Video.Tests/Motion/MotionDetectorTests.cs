namespace EdgeSecurity.Video.Tests;

public sealed class MotionDetectorTests
{
    private const int WarmUpFrames = 2;

    [Fact]
    public void A_static_scene_with_sensor_noise_has_no_motion_after_warm_up()
    {
        var scene = new SyntheticScene();
        var detector = new MotionDetector(new MotionDetectorOptions { WarmUpFrames = WarmUpFrames });

        for (var i = 0; i < 50; i++)
        {
            var regions = detector.Detect(scene.Frame());
            Assert.Empty(regions);
            Assert.Equal(0, detector.ChangedFraction);
        }
    }

    [Fact]
    public void A_moving_square_is_one_region_around_it()
    {
        var scene = new SyntheticScene();
        var detector = new MotionDetector(new MotionDetectorOptions { WarmUpFrames = WarmUpFrames });
        for (var i = 0; i < 5; i++)
            detector.Detect(scene.Frame());

        IReadOnlyList<BoundingBox> regions = [];
        var at = (X: 40, Y: 100);
        for (var step = 0; step < 30; step++)
        {
            at = (40 + (step * 4), 100);
            regions = detector.Detect(scene.Frame(at));
        }

        var region = Assert.Single(regions);
        var square = SyntheticScene.SquareAt(at);
        Assert.True(Contains(region, square, tolerance: 4), $"{region} does not contain the square {square}");
        // The background still remembers where the square was a few frames ago: the region trails it, but not far.
        Assert.True(region.Width <= SyntheticScene.SquareSize + 48 && region.Height <= SyntheticScene.SquareSize + 8, $"{region} is much larger than the square {square}");
        Assert.InRange(detector.ChangedFraction, 0.001f, 0.1f);
    }

    [Fact]
    public void Two_squares_far_apart_are_two_regions()
    {
        var scene = new SyntheticScene();
        var detector = new MotionDetector(new MotionDetectorOptions { WarmUpFrames = WarmUpFrames });
        for (var i = 0; i < 5; i++)
            detector.Detect(scene.Frame());

        var first = detector.Detect(scene.Frame((20, 20))).Count;
        var frame = TwoSquares(scene, (20, 20), (250, 180));

        Assert.Equal(1, first);
        Assert.Equal(2, detector.Detect(frame).Count);
    }

    [Fact]
    public void A_mask_hides_motion_inside_it_but_not_outside()
    {
        var scene = new SyntheticScene();
        // A band across the middle of the frame where the square moves, like a tree swaying in the wind.
        var band = new Polygon([new(0, 80), new(320, 80), new(320, 150), new(0, 150)]);
        var detector = new MotionDetector(new MotionDetectorOptions { WarmUpFrames = WarmUpFrames, Masks = [band] });
        for (var i = 0; i < 5; i++)
            detector.Detect(scene.Frame());

        for (var step = 0; step < 20; step++)
            Assert.Empty(detector.Detect(scene.Frame((40 + (step * 4), 100))));
        Assert.Equal(0, detector.ChangedFraction);

        var outside = detector.Detect(scene.Frame((40, 190)));
        Assert.True(Contains(Assert.Single(outside), SyntheticScene.SquareAt((40, 190)), tolerance: 4));
    }

    [Fact]
    public void A_small_change_below_the_minimum_area_is_noise()
    {
        var scene = new SyntheticScene();
        var detector = new MotionDetector(new MotionDetectorOptions { WarmUpFrames = WarmUpFrames, MinimumArea = (SyntheticScene.SquareSize * SyntheticScene.SquareSize) + 200 });
        for (var i = 0; i < 5; i++)
            detector.Detect(scene.Frame());

        Assert.Empty(detector.Detect(scene.Frame((100, 100))));
        Assert.True(detector.ChangedFraction > 0, "the square's cells changed, they only did not add up to a region");
    }

    [Fact]
    public async Task People_walking_in_the_campus_video_are_motion_regions()
    {
        const int frames = 40;
        await using var camera = new CameraSource(new CameraSourceOptions { Name = "vtest", Input = TestData.Media("vtest.avi"), Width = 640, Height = 360 });
        var detector = new MotionDetector();
        var framesWithMotion = 0;
        var largest = 0f;
        var outside = new List<BoundingBox>();
        var seen = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // On the reader thread, which waits for each frame's analysis: consecutive frames however busy the machine is.
        camera.Start(frame =>
        {
            using (frame)
            {
                if (seen >= frames)
                    return;
                var regions = detector.Detect(frame.Frame);
                if (seen++ > WarmUpFrames && regions.Count > 0)
                    framesWithMotion++;
                largest = Math.Max(largest, regions.Select(r => r.Area).DefaultIfEmpty().Max());
                outside.AddRange(regions.Where(r => r.Left < 0 || r.Top < 0 || r.Right > 640 || r.Bottom > 360));
                if (seen == frames)
                    done.TrySetResult();
            }
        });
        await done.Task.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(framesWithMotion == frames - WarmUpFrames - 1, $"motion in {framesWithMotion} of {frames - WarmUpFrames - 1} frames after warm-up");
        Assert.Empty(outside);
        // Walkers, not the whole scene: the parked van and the path stay background.
        Assert.InRange(largest, 100, 640 * 360 / 4);
    }

    private static VideoFrame TwoSquares(SyntheticScene scene, (int X, int Y) first, (int X, int Y) second)
    {
        var frame = scene.Frame(first);
        var other = scene.Frame(second);
        var pixels = frame.Pixels.Span;
        for (var y = second.Y; y < second.Y + SyntheticScene.SquareSize; y++)
            other.Row(y).Slice(second.X * 3, SyntheticScene.SquareSize * 3).CopyTo(pixels.Slice((y * frame.Stride) + (second.X * 3)));
        return frame;
    }

    private static bool Contains(BoundingBox outer, BoundingBox inner, float tolerance) =>
        outer.Left <= inner.Left + tolerance && outer.Top <= inner.Top + tolerance && outer.Right >= inner.Right - tolerance && outer.Bottom >= inner.Bottom - tolerance;
}
