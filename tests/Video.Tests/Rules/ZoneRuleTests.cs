using EdgeSecurity.Contract;
using static EdgeSecurity.Video.Tests.Walkers;

namespace EdgeSecurity.Video.Tests;

public sealed class ZoneRuleTests
{
    private const double Step = 0.2;
    private static readonly ZoneDefinition Lawn = RuleHarness.Area("lawn", 300, 0, 640, 360);

    [Fact]
    public void An_intruder_raises_one_alert_that_is_updated_when_a_second_comes_and_cleared_after_the_cooldown()
    {
        var rule = new RuleDefinition("lawn-night", RuleKind.PerimeterIntrusion) { Zone = "lawn", Cooldown = TimeSpan.FromSeconds(10), UpdateInterval = TimeSpan.FromSeconds(1) };
        var harness = new RuleHarness([Lawn], rule);

        // One walks in from the left, a second follows 4 s later; both leave at 12 s.
        for (var i = 0; i < 60; i++)
        {
            var t = i * Step;
            var people = new List<DetectedObject>();
            if (t < 12)
                people.Add(Person(200 + (i * 5), 200));
            if (t is >= 4 and < 12)
                people.Add(Person(330, 100));
            harness.Step(At(t), [.. people]);
        }
        for (var i = 60; i < 130; i++)
            harness.Step(At(i * Step));

        var phases = harness.Alerts.Select(a => (a.Phase, a.Attributes["count"])).ToList();
        Assert.Equal([(AlertPhase.Raised, "1"), (AlertPhase.Updated, "2"), (AlertPhase.Cleared, "2")], phases);
        Assert.Single(harness.Alerts.Select(a => a.AlertId).Distinct());
        var raised = harness.Alerts[0];
        Assert.Equal(EventTypes.PerimeterIntrusion, raised.Type);
        Assert.Equal(("cam-test", "lawn-night", "lawn"), (raised.Camera, raised.Rule, raised.Zone));
        Assert.Equal(At(12 - Step) + TimeSpan.FromSeconds(10), harness.Alerts[^1].At, TimeSpan.FromSeconds(Step));
    }

    [Fact]
    public void A_disarmed_schedule_raises_nothing_and_an_armed_one_does()
    {
        // 23:00 local (+08:00) is inside 22:00-06:00 and outside 08:00-18:00.
        var china = TimeZoneInfo.CreateCustomTimeZone("UTC+8", TimeSpan.FromHours(8), "UTC+8", "UTC+8");
        var night = new RuleDefinition("night", RuleKind.PerimeterIntrusion) { Zone = "lawn", Schedule = new ArmingSchedule([(new TimeOnly(22, 0), new TimeOnly(6, 0))], china) };
        var day = new RuleDefinition("day", RuleKind.PerimeterIntrusion) { Zone = "lawn", Schedule = new ArmingSchedule([(new TimeOnly(8, 0), new TimeOnly(18, 0))], china) };
        var harness = new RuleHarness([Lawn], night, day);

        for (var i = 0; i < 5; i++)
            harness.Step(At(i * Step), Person(400, 200));

        Assert.Equal(["night"], harness.Alerts.Select(a => a.Rule));
    }

    [Fact]
    public void Loitering_alerts_only_after_the_duration_inside_the_zone()
    {
        var harness = new RuleHarness([Lawn], new RuleDefinition("linger", RuleKind.Loitering) { Zone = "lawn", Duration = TimeSpan.FromSeconds(20) });

        // A passer-by crosses the lawn in 6 s; another person stays there, pacing.
        for (var i = 0; i < 150; i++)
        {
            var pacing = Person(400 + (i % 20), 250);
            harness.Step(At(i * Step), i < 30 ? [Person(300 + (i * 10), 20), pacing] : [pacing]);
        }

        var alert = Assert.Single(harness.Alerts);
        Assert.Equal(EventTypes.Loitering, alert.Type);
        Assert.Equal("1", alert.Attributes["count"]);
        Assert.Equal(At(20 + Step), alert.At, TimeSpan.FromSeconds(0.5));
    }

    [Fact]
    public void A_loiterer_hidden_for_a_moment_keeps_their_time_and_one_gone_for_long_starts_over()
    {
        var harness = new RuleHarness([Lawn], new RuleDefinition("linger", RuleKind.Loitering) { Zone = "lawn", Duration = TimeSpan.FromSeconds(20) });

        // Behind a pillar from 8 s to 9 s: the detector sees nobody, the tracker keeps the id, the rule keeps the time.
        for (var i = 0; i < 110; i++)
            harness.Step(At(i * Step), i is >= 40 and < 45 ? [] : [Person(400, 250)]);
        var alert = Assert.Single(harness.Alerts);
        Assert.Equal(At(20.2), alert.At, TimeSpan.FromSeconds(0.5));

        var other = new RuleHarness([Lawn], new RuleDefinition("linger", RuleKind.Loitering) { Zone = "lawn", Duration = TimeSpan.FromSeconds(20) });
        // Away from 8 s to 13 s: longer than the gap, so the time starts again when they come back.
        for (var i = 0; i < 180; i++)
            other.Step(At(i * Step), i is >= 40 and < 65 ? [] : [Person(400, 250)]);
        Assert.Equal(At(13.2 + 20), Assert.Single(other.Alerts).At, TimeSpan.FromSeconds(0.5));
    }

    [Fact]
    public void A_crowd_alerts_when_enough_people_stay_long_enough()
    {
        var rule = new RuleDefinition("square", RuleKind.CrowdGathering) { MinPersons = 4, Duration = TimeSpan.FromSeconds(10), UpdateInterval = TimeSpan.FromSeconds(2) };
        var harness = new RuleHarness([], rule);

        // Three people for 20 s: no crowd. Then a fourth and fifth join.
        for (var i = 0; i < 200; i++)
        {
            var t = i * Step;
            var people = new List<DetectedObject> { Person(50, 50), Person(150, 50), Person(250, 50) };
            if (t >= 20)
                people.Add(Person(350, 50));
            if (t >= 34)
                people.Add(Person(450, 50));
            harness.Step(At(t), [.. people]);
        }

        Assert.Equal([(AlertPhase.Raised, "4"), (AlertPhase.Updated, "5")], harness.Alerts.Select(a => (a.Phase, a.Attributes["count"])));
        Assert.Equal(EventTypes.CrowdGathering, harness.Alerts[0].Type);
        Assert.Equal(At(30.2), harness.Alerts[0].At, TimeSpan.FromSeconds(0.5));
    }

    [Fact]
    public void A_car_parked_in_the_fire_lane_alerts_and_one_driving_through_does_not()
    {
        var rule = new RuleDefinition("lane", RuleKind.FireLaneBlocked) { Zone = "lane", Duration = TimeSpan.FromSeconds(30) };
        var harness = new RuleHarness([RuleHarness.Area("lane", 0, 200, 640, 360)], rule);

        for (var i = 0; i < 200; i++)
        {
            var t = i * Step;
            var cars = new List<DetectedObject> { Car(i * 4, 280) };
            if (t >= 5)
                cars.Add(Car(300, 200 + (i % 3)));
            harness.Step(At(t), [.. cars]);
        }

        var alert = Assert.Single(harness.Alerts);
        Assert.Equal(EventTypes.FireLaneBlocked, alert.Type);
        Assert.Equal(At(35), alert.At, TimeSpan.FromSeconds(0.6));
        Assert.Equal("car", alert.Attributes["labels"]);
    }

    [Fact]
    public void A_bicycle_entering_the_lift_alerts_and_a_person_does_not()
    {
        var harness = new RuleHarness([RuleHarness.Area("lift", 200, 100, 440, 360)], new RuleDefinition("lift", RuleKind.EbikeInLift) { Zone = "lift" });

        for (var i = 0; i < 20; i++)
            harness.Step(At(i * Step), Person(300, 150));
        Assert.Empty(harness.Alerts);

        for (var i = 20; i < 40; i++)
            harness.Step(At(i * Step), Person(300, 150), Bicycle(i * 10, 250));

        var alert = Assert.Single(harness.Alerts);
        Assert.Equal(EventTypes.EbikeInLift, alert.Type);
        Assert.Equal("bicycle", alert.Attributes["labels"]);
    }

    [Fact]
    public void A_tripwire_alerts_once_per_crossing_person_in_the_configured_direction_only()
    {
        var wire = new ZoneDefinition("gate", ZoneKind.Line, [new(320, 0), new(320, 360)]);
        // Walking along the wire (down the image), its left-hand side is x > 320: crossing leftward is left-to-right.
        var inbound = new RuleDefinition("inbound", RuleKind.LineCrossing) { Zone = "gate", Direction = LineCrossing.LeftToRight, UpdateInterval = TimeSpan.Zero };
        var harness = new RuleHarness([wire], inbound);

        // One walks right to left across the wire and back, another only left to right.
        for (var i = 0; i < 60; i++)
        {
            var x = i < 30 ? 500 - (i * 12) : 140 + ((i - 30) * 12);
            harness.Step(At(i * Step), Person(x, 50), Person(100 + (i * 6), 250));
        }

        var alert = Assert.Single(harness.Alerts);
        Assert.Equal(EventTypes.PerimeterIntrusion, alert.Type);
        Assert.Equal(("1", "left-to-right"), (alert.Attributes["count"], alert.Attributes["direction"]));
    }

    [Fact]
    public void Rules_that_do_not_fit_their_zones_or_model_are_refused_with_every_reason()
    {
        var zones = CameraZones.Create("cam-lift", [RuleHarness.Area("car", 0, 0, 100, 100), new ZoneDefinition("wire", ZoneKind.Line, [new(0, 0), new(10, 10)])], 640, 360);

        var error = Assert.Throws<CameraSetupException>(() => CameraRules.Create("cam-lift",
        [
            new RuleDefinition("a", RuleKind.EbikeInLift),
            new RuleDefinition("b", RuleKind.Loitering) { Zone = "hall" },
            new RuleDefinition("c", RuleKind.LineCrossing) { Zone = "car" },
            new RuleDefinition("d", RuleKind.EbikeInLift) { Zone = "car", Classes = ["ebike"] },
            new RuleDefinition("e", RuleKind.ObjectThrown),
            new RuleDefinition("f", RuleKind.VisibleSmoke),
        ], zones, RuleHarness.Coco));

        Assert.Equal(
        [
            "camera cam-lift rule a: needs a zone (an area)",
            "camera cam-lift rule b: zone 'hall' is not a zone of this camera (its zones: car, wire)",
            "camera cam-lift rule c: zone 'car' is an area; this rule needs a line",
            "camera cam-lift rule d: class 'ebike' is not a label of the camera's model",
            "camera cam-lift rule e: needs floorHeight: the height of one storey in frame pixels",
            "camera cam-lift rule f: the camera's model has none of the labels this rule watches (smoke); give it the right model or list classes",
        ], error.Problems);
    }
}
