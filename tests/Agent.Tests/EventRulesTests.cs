using EdgeSecurity.Agent.Publishing;
using EdgeSecurity.Agent.Tests.Support;
using EdgeSecurity.Contract;
using Xunit.Abstractions;

namespace EdgeSecurity.Agent.Tests;

/// <summary>
/// Fusion, maintenance and test mode on the agent's event path. Camera events, which the video pipeline will report,
/// are injected here through the same seam every device reports through.
/// </summary>
public sealed class EventRulesTests(ITestOutputHelper output)
{
    private const string Doors = "  - id: door-1\n    place: { building: \"3\", unit: \"2\", floor: \"1\" }\n    debounceMs: 0\n"
        + "  - id: door-2\n    place: { building: \"4\", unit: \"1\", floor: \"1\" }\n    debounceMs: 0\n";

    private const string Fusion = """
        fusion:
          - name: confirmed-fire
            when: [fire.smoke_alarm, fire.visible_smoke]
            samePlace: building
            withinSeconds: 60
            raise: fire.confirmed
            level: 3
          - name: intrusion
            when: [security.door_forced_open, security.perimeter_intrusion]
            samePlace: building
            withinSeconds: 120
            raise: security.perimeter_intrusion
            level: 3
        """;

    private static Place Building(string building, string? floor = null) => new(TestAgentConfig.Community, "grid-7", building, Floor: floor);

    private static Guid Report(SensorAgent site, string device, Place place, EventType type) =>
        site.Agent.Publisher.PublishEvent(new Detection(device, place, type, site.Time.GetUtcNow()));

    [Fact]
    public async Task A_smoke_alarm_and_a_camera_seeing_smoke_in_the_same_building_within_a_minute_make_a_confirmed_fire()
    {
        await using var site = await SensorAgent.StartAsync(output, Doors, Fusion);

        var smoke = Report(site, "smoke-3-5", Building("3", "5"), EventTypes.SmokeAlarm);
        site.Time.Advance(TimeSpan.FromSeconds(61));
        Report(site, "cam-4", Building("4"), EventTypes.VisibleSmoke);
        var seen = Report(site, "cam-3", Building("3"), EventTypes.VisibleSmoke);
        Assert.DoesNotContain(site.Events, e => e.Type == EventTypes.ConfirmedFire);
        var smokeAgain = Report(site, "smoke-3-5", Building("3", "5"), EventTypes.SmokeAlarm);

        var fire = await site.EventAsync(EventTypes.ConfirmedFire);
        Assert.Equal(WarningLevel.Alarm, fire.Level);
        Assert.Equal(("smoke-3-5", Building("3")), (fire.DeviceId, fire.Place));
        Assert.Equal("confirmed-fire", fire.Attributes!["rule"]);
        Assert.Equal($"{smokeAgain},{seen}", fire.Attributes["fusedEvents"]);
        Assert.Equal("smoke-3-5,cam-3", fire.Attributes["fusedDevices"]);
        await OutboxAnswers.WaitUntilEmptyAsync(site.Control);
        Assert.Single(site.Events, e => e.Type == EventTypes.ConfirmedFire);
        Assert.Contains(site.Events, e => e.EventId == smoke);
    }

    [Fact]
    public async Task A_forced_door_and_a_person_in_the_zone_of_the_same_building_make_one_intrusion()
    {
        await using var site = await SensorAgent.StartAsync(output, Doors, Fusion);

        var forcedAnswer = await site.AskAsync("open door-1");
        site.Time.Advance(TimeSpan.FromSeconds(30));
        var person = Report(site, "cam-3", Building("3"), EventTypes.PerimeterIntrusion);

        var intrusion = await site.EventAsync(EventTypes.PerimeterIntrusion, e => e.Attributes?.GetValueOrDefault("rule") == "intrusion");
        Assert.Equal((WarningLevel.Alarm, "cam-3"), (intrusion.Level, intrusion.DeviceId));
        Assert.Equal($"{OutboxAnswers.EventIdIn(forcedAnswer)},{person}", intrusion.Attributes!["fusedEvents"]);
    }

    [Fact]
    public async Task A_device_under_maintenance_reports_nothing_and_a_device_in_test_mode_reports_tests()
    {
        const string rules = "maintenance:\n  - devices: [door-2]\n    when: [\"mon 09:00-12:00\"]\ntestDevices: [cam-3]\n";
        await using var site = await SensorAgent.StartAsync(output, Doors, Fusion + "\n" + rules);

        Assert.Equal("ok door-2 open", await site.AskAsync("open door-2"));
        Assert.StartsWith("ok maintenance for door-1 until ", await site.AskAsync("maintenance door-1 30"), StringComparison.Ordinal);
        Assert.Equal("ok door-1 open", await site.AskAsync("open door-1"));
        Assert.Contains("; maintenance: door-1 until ", await site.AskAsync("status"), StringComparison.Ordinal);
        await site.AskAsync("close door-1");
        Assert.Equal("ok maintenance off for door-1", await site.AskAsync("maintenance door-1 off"));
        Assert.Equal("ok test mode on for door-1: its events are marked as tests", await site.AskAsync("test on door-1"));

        var forcedId = OutboxAnswers.EventIdIn(await site.AskAsync("open door-1"));
        var person = Report(site, "cam-3", Building("3"), EventTypes.PerimeterIntrusion);

        var forced = await site.EventAsync(EventTypes.DoorForcedOpen);
        Assert.Equal((forcedId, true), (forced.EventId, forced.IsTest));
        Assert.True((await site.EventAsync(EventTypes.PerimeterIntrusion, e => e.EventId == person)).IsTest);
        Assert.True((await site.EventAsync(EventTypes.PerimeterIntrusion, e => e.Attributes?.ContainsKey("rule") == true)).IsTest);
        Assert.Equal("ok test mode off for door-1", await site.AskAsync("test off door-1"));
        await site.AskAsync("close door-1");
        var realId = OutboxAnswers.EventIdIn(await site.AskAsync("open door-1"));
        Assert.False((await site.EventAsync(EventTypes.DoorForcedOpen, e => e.EventId == realId)).IsTest);
        await OutboxAnswers.WaitUntilEmptyAsync(site.Control);
        Assert.Equal([forcedId, realId], site.Events.Where(e => e.Type == EventTypes.DoorForcedOpen).Select(e => e.EventId));
        Assert.DoesNotContain(site.Events, e => e.DeviceId == "door-2");
    }
}
