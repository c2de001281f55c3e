namespace EdgeSecurity.Video.Tests.Evidence;

/// <summary>Boxes, labels and zones land where they are told, in the frame's channel order, clipped at the edges.</summary>
public sealed class FrameAnnotatorTests
{
    [Theory]
    [InlineData(PixelFormat.Bgr24, new byte[] { 40, 40, 230 })]
    [InlineData(PixelFormat.Rgb24, new byte[] { 230, 40, 40 })]
    public void An_alert_box_is_drawn_in_red_and_its_inside_is_left_alone(PixelFormat format, byte[] red)
    {
        var frame = new VideoFrame(new byte[200 * 100 * 3], 200, 100, format);

        FrameAnnotator.Draw(frame, [new AnnotatedObject(new BoundingBox(50, 40, 150, 90), "person", 0.9f, 7, Alert: true)], []);

        Assert.Equal(red, Pixel(frame, 50, 60));
        Assert.Equal(red, Pixel(frame, 149, 60));
        Assert.Equal(red, Pixel(frame, 100, 89));
        Assert.Equal(new byte[3], Pixel(frame, 100, 65));
    }

    [Fact]
    public void The_label_says_class_track_and_score_above_the_box()
    {
        var frame = new VideoFrame(new byte[200 * 100 * 3], 200, 100, PixelFormat.Bgr24);
        var person = new AnnotatedObject(new BoundingBox(50, 40, 150, 90), "person", 0.8449f, 12);

        FrameAnnotator.Draw(frame, [person], []);

        Assert.Equal("person #12 0.84", FrameAnnotator.LabelOf(person));
        // Background of the label (the track's colour) and white glyph pixels in the 9 rows above the box.
        var above = Enumerable.Range(31, 9).SelectMany(y => Enumerable.Range(50, 90).Select(x => Pixel(frame, x, y))).ToList();
        Assert.Contains(above, p => p.SequenceEqual(new byte[] { 255, 255, 255 }));
        Assert.True(above.Count(p => p.SequenceEqual(new byte[] { 255, 255, 255 })) > 40);
    }

    [Fact]
    public void A_zone_polygon_and_a_tripwire_are_drawn_in_yellow()
    {
        var frame = new VideoFrame(new byte[200 * 100 * 3], 200, 100, PixelFormat.Rgb24);
        byte[] yellow = [250, 210, 30];

        FrameAnnotator.Draw(frame, [], [
            new AnnotatedZone("lawn", [new(20, 20), new(120, 20), new(120, 80), new(20, 80)]),
            new AnnotatedZone("wire", [new(150, 10), new(150, 90)], Closed: false),
        ]);

        Assert.Equal(yellow, Pixel(frame, 70, 80));
        Assert.Equal(yellow, Pixel(frame, 20, 50));
        Assert.Equal(yellow, Pixel(frame, 150, 50));
        Assert.Equal(new byte[3], Pixel(frame, 70, 50));
    }

    [Fact]
    public void Shapes_beyond_the_frame_and_non_ascii_names_are_drawn_as_far_as_they_fit()
    {
        var frame = new VideoFrame(new byte[64 * 48 * 3], 64, 48, PixelFormat.Bgr24);

        FrameAnnotator.Draw(frame,
            [new AnnotatedObject(new BoundingBox(-30, -30, 500, 500), "car", 0.5f)],
            [new AnnotatedZone("消防通道", [new(-100, -100), new(1000, 10), new(30, 1000)])]);

        Assert.Contains(Enumerable.Range(0, 48), y => Pixel(frame, 0, y).Any(b => b != 0));
    }

    private static byte[] Pixel(VideoFrame frame, int x, int y) => frame.Row(y).Slice(x * 3, 3).ToArray();
}
