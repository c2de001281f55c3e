namespace EdgeSecurity.Video.Tests;

public sealed class CameraZonesTests
{
    private static ZoneDefinition Area(string name, params (float X, float Y)[] points) =>
        new(name, ZoneKind.Area, [.. points.Select(p => new PixelPoint(p.X, p.Y))]);

    [Fact]
    public void Relative_zones_are_scaled_to_the_frame()
    {
        var zones = CameraZones.Create("cam-1", [new ZoneDefinition("lawn", ZoneKind.Area, [new(0.5f, 0.5f), new(1, 0.5f), new(1, 1), new(0.5f, 1)], ZoneUnits.Relative)], 640, 360);

        var lawn = zones.Find("lawn")!;
        Assert.Equal(new PixelPoint(320, 180), lawn.Points[0]);
        Assert.True(lawn.Contains(new PixelPoint(500, 300)));
        Assert.False(lawn.Contains(new PixelPoint(100, 300)));
    }

    [Fact]
    public void Every_problem_is_named_with_the_camera_and_the_zone()
    {
        var error = Assert.Throws<CameraSetupException>(() => CameraZones.Create("cam-gate",
        [
            Area("outside", (10, 10), (700, 10), (700, 100)),
            Area("bowtie", (0, 0), (100, 100), (100, 0), (0, 100)),
            Area("sliver", (0, 0), (10, 10)),
            new ZoneDefinition("wire", ZoneKind.Line, [new(0, 0), new(10, 10), new(20, 20)]),
            new ZoneDefinition("rel", ZoneKind.Area, [new(0, 0), new(1.5f, 0), new(1, 1)], ZoneUnits.Relative),
            Area("flat", (0, 0), (50, 50), (100, 100)),
            Area("ok", (0, 0), (50, 0), (50, 50)),
            Area("ok", (0, 0), (60, 0), (60, 60)),
        ], 640, 360));

        Assert.Equal(
        [
            "camera cam-gate zone outside: point 2 (700, 10) is outside the 640×360 frame",
            "camera cam-gate zone outside: point 3 (700, 100) is outside the 640×360 frame",
            "camera cam-gate zone bowtie: the polygon crosses itself: edge 1 (point 1 to 2) crosses edge 3 (point 3 to 4)",
            "camera cam-gate zone sliver: an area needs at least 3 points; it has 2",
            "camera cam-gate zone wire: a line needs exactly 2 points; it has 3",
            "camera cam-gate zone rel: point 2 (1.5, 0) is outside the frame (relative coordinates go from 0 to 1)",
            "camera cam-gate zone flat: the polygon has no area (its points are on one line)",
            "camera cam-gate zone ok: the name is used by another zone of this camera",
        ], error.Problems);
    }

    [Fact]
    public void A_line_tells_which_way_it_was_crossed()
    {
        // From (100,0) down to (100,200): its left-hand side, looking along it, is x > 100 in image coordinates.
        var zones = CameraZones.Create("cam-1", [new ZoneDefinition("wire", ZoneKind.Line, [new(100, 0), new(100, 200)])], 640, 360);
        var wire = zones.Find("wire")!;

        Assert.Equal(LineCrossing.LeftToRight, wire.Crossing(new PixelPoint(120, 100), new PixelPoint(80, 100)));
        Assert.Equal(LineCrossing.RightToLeft, wire.Crossing(new PixelPoint(80, 100), new PixelPoint(120, 100)));
        Assert.Equal(LineCrossing.None, wire.Crossing(new PixelPoint(80, 100), new PixelPoint(90, 100)));
        Assert.Equal(LineCrossing.None, wire.Crossing(new PixelPoint(80, 300), new PixelPoint(120, 300)));
        Assert.False(wire.Contains(new PixelPoint(100, 100)));
    }
}
