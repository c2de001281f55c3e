namespace EdgeSecurity.Video.Tests.Evidence;

/// <summary>UltraFace through the shipped manifest, and faces pixelated beyond recognition, nothing else touched.</summary>
public sealed class FaceBlurTests(FaceDetector faces) : IClassFixture<FaceDetector>
{
    [Fact]
    public void The_shipped_ultraface_finds_the_face_of_the_verification_table()
    {
        var detections = faces.Instance.Detect(TestData.Frame("opencv_messi5.jpg"));

        var face = Assert.Single(detections);
        Expect.Found(detections, "face", 0.999f, new(225, 91, 257, 132), pixels: 3, scoreTolerance: 0.01f);
        Assert.Equal(0, face.ClassId);
    }

    [Fact]
    public void The_face_is_pixelated_and_every_other_pixel_is_unchanged()
    {
        var original = TestData.Frame("opencv_messi5.jpg");
        var frame = new VideoFrame(original.Pixels.ToArray(), original.Width, original.Height, original.Format);

        var area = Assert.Single(new FaceBlur(faces.Instance).Apply(frame));

        // The face box [225,91,257,132] widened by a quarter of its size on every side.
        Assert.InRange(area.X, 214, 219);
        Assert.InRange(area.Y, 79, 84);
        Assert.InRange(area.Right, 263, 268);
        Assert.InRange(area.Bottom, 139, 145);
        var changed = 0L;
        var colours = new HashSet<int>();
        for (var y = 0; y < frame.Height; y++)
        {
            var before = original.Row(y);
            var after = frame.Row(y);
            for (var x = 0; x < frame.Width; x++)
            {
                var inside = x >= area.X && x < area.Right && y >= area.Y && y < area.Bottom;
                var i = x * 3;
                if (!inside)
                {
                    Assert.True(before.Slice(i, 3).SequenceEqual(after.Slice(i, 3)), $"pixel ({x},{y}) outside the face changed");
                    continue;
                }
                changed += Math.Abs(before[i] - after[i]) + Math.Abs(before[i + 1] - after[i + 1]) + Math.Abs(before[i + 2] - after[i + 2]);
                colours.Add(after[i] | (after[i + 1] << 8) | (after[i + 2] << 16));
            }
        }

        var meanChange = (double)changed / (area.Width * area.Height * 3);
        Assert.True(meanChange > 12, $"the face changed by only {meanChange:0.0} levels per channel on average");
        // At most 5 blocks along the longer side (and as many across): a handful of flat colours is all that is left.
        Assert.InRange(colours.Count, 2, 36);
    }

    [Fact]
    public void A_frame_without_faces_is_left_as_it_is()
    {
        var original = TestData.Frame("darknet_dog.jpg");
        var frame = new VideoFrame(original.Pixels.ToArray(), original.Width, original.Height, original.Format);

        var areas = new FaceBlur(faces.Instance).Apply(frame);

        Assert.Empty(areas);
        Assert.True(original.Pixels.Span.SequenceEqual(frame.Pixels.Span));
    }

    [Fact]
    public void A_face_at_the_edge_is_widened_only_up_to_the_frame()
    {
        var blur = new FaceBlur(faces.Instance, new FaceBlurOptions { Margin = 0.5f });

        var area = blur.Widen(new BoundingBox(-4, 10, 20, 40), frameWidth: 100, frameHeight: 50);

        Assert.Equal(new PixelRectangle(0, 0, 32, 50), area);
    }
}
