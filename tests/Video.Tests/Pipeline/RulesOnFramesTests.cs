using EdgeSecurity.Contract;

namespace EdgeSecurity.Video.Tests;

/// <summary>
/// The rule kinds not covered by <see cref="CameraPipelineTests"/>, each on real frames through the whole pipeline
/// (ffmpeg file camera, motion, the real detector, tracker, zones, rules): a zone where it must alert, and one where,
/// or a setting with which, it must not.
/// </summary>
public sealed class RulesOnFramesTests : IDisposable
{
    private readonly ClipReplay _clips = new();

    public void Dispose() => _clips.Dispose();

    [Fact]
    public async Task Walkers_crossing_a_tripwire_on_the_path_alert_per_direction_and_a_wire_on_the_lawn_stays_quiet()
    {
        // vtest.avi: people walk both ways along the path across the middle of the picture. The wire runs down across
        // the path; looking along it, its left-hand side is the right of the picture, so LeftToRight is walking west.
        const float WireX = 0.5f;
        ZoneDefinition[] zones =
        [
            new("walkway", ZoneKind.Line, [new(WireX, 0.25f), new(WireX, 0.75f)], ZoneUnits.Relative),
            new("lawn-edge", ZoneKind.Line, [new(0.05f, 0.8f), new(0.35f, 0.8f)], ZoneUnits.Relative),
        ];
        using var scheduler = new InferenceScheduler(OnnxObjectDetector.Create(TestData.Yolox, TestData.ModelDirectory), "yolox");
        var alerts = await ClipReplay.PlayOnceAsync(_clips.Cut("vtest.avi", 15), 640, 480, scheduler, zones,
        [
            new RuleDefinition("westbound", RuleKind.LineCrossing) { Zone = "walkway", Direction = LineCrossing.LeftToRight },
            new RuleDefinition("eastbound", RuleKind.LineCrossing) { Zone = "walkway", Direction = LineCrossing.RightToLeft },
            new RuleDefinition("lawn", RuleKind.LineCrossing) { Zone = "lawn-edge" },
        ], captureAlertFrames: true);

        try
        {
            Assert.DoesNotContain(alerts, a => a.Rule == "lawn");
            var westbound = alerts.Single(a => a.Rule == "westbound" && a.Phase == AlertPhase.Raised);
            var eastbound = alerts.Single(a => a.Rule == "eastbound" && a.Phase == AlertPhase.Raised);
            Assert.Equal(("walkway", "left-to-right", EventTypes.PerimeterIntrusion), (westbound.Zone, westbound.Attributes["direction"], westbound.Type));
            Assert.Equal(("walkway", "right-to-left"), (eastbound.Zone, eastbound.Attributes["direction"]));
            // Each raised alert's frame is the one the crossing happened on: whoever it counts has just stepped past the
            // wire, so their foot is on the side they were walking to.
            Assert.NotEmpty(CrossersOf(westbound));
            Assert.NotEmpty(CrossersOf(eastbound));
            Assert.All(CrossersOf(westbound), box => Assert.True((box.Left + box.Right) / 2 < WireX * 640, $"westbound crosser at {box}"));
            Assert.All(CrossersOf(eastbound), box => Assert.True((box.Left + box.Right) / 2 > WireX * 640, $"eastbound crosser at {box}"));
            Assert.All(alerts.Where(a => a.Rule == "westbound"), a => Assert.Equal(westbound.AlertId, a.AlertId));
        }
        finally
        {
            foreach (var alert in alerts)
                alert.Frame?.Dispose();
        }
    }

    [Fact]
    public async Task The_parked_van_blocks_the_fire_lane_and_of_the_people_on_the_path_only_the_one_standing_still_counts()
    {
        // vtest.avi, first 15 s: the white van and the car parked at the top right; on the path, people walk through while
        // one man stops by the sign to talk. The path has no vehicle; a person-class rule there counts only the man
        // standing; the van's zone with a duration longer than the clip stays quiet.
        ZoneDefinition[] zones =
        [
            Relative("lane", 0.8f, 0.1f, 1, 0.24f),
            Relative("path", 0, 0.3f, 0.6f, 0.6f),
        ];
        using var scheduler = new InferenceScheduler(OnnxObjectDetector.Create(TestData.Yolox, TestData.ModelDirectory), "yolox");
        var alerts = await ClipReplay.PlayOnceAsync(_clips.Cut("vtest.avi", 15), 640, 480, scheduler, zones,
        [
            new RuleDefinition("blocked", RuleKind.FireLaneBlocked) { Zone = "lane", Duration = TimeSpan.FromSeconds(8) },
            new RuleDefinition("blocked-long", RuleKind.FireLaneBlocked) { Zone = "lane", Duration = TimeSpan.FromSeconds(30) },
            new RuleDefinition("path-blocked", RuleKind.FireLaneBlocked) { Zone = "path", Duration = TimeSpan.FromSeconds(8) },
            new RuleDefinition("standing", RuleKind.FireLaneBlocked) { Zone = "path", Classes = ["person"], Duration = TimeSpan.FromSeconds(8) },
        ], refresh: TimeSpan.FromSeconds(1));

        Assert.Equal(["blocked", "standing"], alerts.Select(a => a.Rule).Distinct().Order());
        var blocked = Assert.Single(alerts, a => a.Rule == "blocked" && a.Phase == AlertPhase.Raised);
        Assert.Equal(("lane", EventTypes.FireLaneBlocked), (blocked.Zone, blocked.Type));
        // YOLOX reports the van as a truck and as a car (per-class NMS), and the car beside it: up to three tracks, one alert.
        Assert.All(blocked.Attributes["labels"].Split(','), label => Assert.True(label is "car" or "truck", label));
        Assert.InRange(int.Parse(blocked.Attributes["count"], System.Globalization.CultureInfo.InvariantCulture), 1, 3);
        var standing = Assert.Single(alerts, a => a.Rule == "standing" && a.Phase == AlertPhase.Raised);
        Assert.Equal(("path", "person", "1"), (standing.Zone, standing.Attributes["labels"], standing.Attributes["count"]));
    }

    [Theory]
    [InlineData("darknet_dog.jpg", 640, 480, 0.2f, 0.6f, 0.6f, 0.9f)]
    // CCPD's plate photo: a shared bicycle cut by the right edge beside the car (portrait, half size).
    [InlineData("ccpd_plate_1.jpg", 360, 580, 0.8f, 0.6f, 1f, 0.8f)]
    public async Task A_bicycle_in_the_lift_alerts_and_the_landing_stays_quiet(string photo, int width, int height, float left, float top, float right, float bottom)
    {
        ZoneDefinition[] zones = [Relative("lift", left, top, right, bottom), Relative("landing", 0.8f, 0.05f, 1, 0.3f)];
        using var scheduler = new InferenceScheduler(OnnxObjectDetector.Create(TestData.Yolox, TestData.ModelDirectory), "yolox");
        var alerts = await ClipReplay.PlayOnceAsync(_clips.Still(photo, 4), width, height, scheduler, zones,
        [
            new RuleDefinition("ebike", RuleKind.EbikeInLift) { Zone = "lift" },
            new RuleDefinition("ebike-landing", RuleKind.EbikeInLift) { Zone = "landing" },
        ], refresh: TimeSpan.FromSeconds(1));

        var raised = Assert.Single(alerts);
        Assert.Equal(("ebike", "lift", EventTypes.EbikeInLift, AlertPhase.Raised), (raised.Rule, raised.Zone, raised.Type, raised.Phase));
        Assert.Equal("bicycle", raised.Attributes["labels"]);
        Assert.Equal("1", raised.Attributes["count"]);
    }

    [Fact]
    public async Task A_burning_slope_raises_visible_flame_in_its_zone_only_and_no_smoke()
    {
        // fire_smoke_pyronear_0003.jpg at 416×234 (its own aspect): the fire model's flame box covers the slope on the right.
        ZoneDefinition[] zones = [Relative("slope", 0.4f, 0.2f, 0.9f, 0.8f), Relative("valley", 0, 0, 0.3f, 1)];
        using var scheduler = new InferenceScheduler(OnnxObjectDetector.Create(TestData.FireSmoke, TestData.ModelDirectory), "fire");
        var alerts = await ClipReplay.PlayOnceAsync(_clips.Still("fire_smoke_pyronear_0003.jpg", 4), 416, 234, scheduler, zones,
        [
            new RuleDefinition("flame", RuleKind.VisibleFlame) { Zone = "slope" },
            new RuleDefinition("flame-valley", RuleKind.VisibleFlame) { Zone = "valley" },
            new RuleDefinition("smoke", RuleKind.VisibleSmoke),
        ], refresh: TimeSpan.FromSeconds(1));

        var raised = Assert.Single(alerts);
        Assert.Equal(("flame", "slope", EventTypes.VisibleFlame, AlertPhase.Raised), (raised.Rule, raised.Zone, raised.Type, raised.Phase));
        Assert.Equal(("small_flame", "1"), (raised.Attributes["labels"], raised.Attributes["count"]));
    }

    [Fact]
    public async Task A_smoke_plume_raises_visible_smoke_in_its_zone_only_and_no_flame()
    {
        // smoke_pyronear_wildfire_example.jpg stretched to 416×416: the fire model's smoke class finds the plume over the
        // hills (the upper two thirds); it stays silent on the picture at its own aspect, so this is the size the camera decodes at.
        ZoneDefinition[] zones = [Relative("ridge", 0.2f, 0.1f, 0.8f, 0.6f), Relative("road", 0, 0.75f, 0.3f, 1)];
        using var scheduler = new InferenceScheduler(OnnxObjectDetector.Create(TestData.FireSmoke, TestData.ModelDirectory), "fire");
        var alerts = await ClipReplay.PlayOnceAsync(_clips.Still("smoke_pyronear_wildfire_example.jpg", 4), 416, 416, scheduler, zones,
        [
            new RuleDefinition("smoke", RuleKind.VisibleSmoke) { Zone = "ridge" },
            new RuleDefinition("smoke-road", RuleKind.VisibleSmoke) { Zone = "road" },
            new RuleDefinition("flame", RuleKind.VisibleFlame),
        ], refresh: TimeSpan.FromSeconds(1));

        var raised = Assert.Single(alerts);
        Assert.Equal(("smoke", "ridge", EventTypes.VisibleSmoke, AlertPhase.Raised), (raised.Rule, raised.Zone, raised.Type, raised.Phase));
        Assert.Equal(("smoke", "1"), (raised.Attributes["labels"], raised.Attributes["count"]));
    }

    private static ZoneDefinition Relative(string name, float left, float top, float right, float bottom) =>
        new(name, ZoneKind.Area, [new(left, top), new(right, top), new(right, bottom), new(left, bottom)], ZoneUnits.Relative);

    private static IEnumerable<BoundingBox> CrossersOf(CameraAlert alert) =>
        alert.Frame!.Objects.Where(o => o.Alert).Select(o => o.Box);
}
