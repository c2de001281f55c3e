using EdgeSecurity.Agent.Care;
using EdgeSecurity.Agent.Doors;
using EdgeSecurity.Agent.Tests.Support;
using EdgeSecurity.Bindings.Gpiod;
using EdgeSecurity.Contract;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace EdgeSecurity.Agent.Tests;

/// <summary>
/// Doors through their wires: the control socket and the tests move simulated lines (or lines of a simulated chip
/// standing in for the GPIO chip), the agent runs in process on a manual clock, and the events are read at a real broker.
/// </summary>
public sealed class DoorSensorTests(ITestOutputHelper output)
{
    private const string Door = TestAgentConfig.Door;

    private static string OneDoor(string settings = "") =>
        $"  - id: {Door}\n    name: 3号楼2单元门\n    place: {{ building: \"3\", unit: \"2\", floor: \"1\" }}\n    debounceMs: 0\n{settings}";

    private static DateTimeOffset Shanghai(int day, int hour, int minute = 0) => new(2026, 11, day, hour, minute, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task An_armed_door_opened_without_release_is_forced_and_a_released_one_is_not()
    {
        await using var site = await SensorAgent.StartAsync(output, OneDoor("    heldOpenSeconds: 30\n"));

        Assert.Equal("ok door-1 released; an opening within 10 s is legitimate", await site.AskAsync("release door-1"));
        Assert.Equal("ok door-1 open", await site.AskAsync("open door-1"));
        Assert.Equal("ok door-1 closed", await site.AskAsync("close door-1"));
        var answer = await site.AskAsync("open door-1");
        var forced = await site.EventAsync(EventTypes.DoorForcedOpen);
        Assert.Equal($"ok door-1 open; forced opening reported as event {forced.EventId}", answer);
        Assert.Equal("config", forced.Attributes!["armedBy"]);
        Assert.Equal(site.Time.GetUtcNow(), forced.OccurredAt);

        site.Time.Advance(TimeSpan.FromSeconds(30));
        var heldOpen = await site.EventAsync(EventTypes.DoorHeldOpen);
        Assert.Equal(WarningLevel.Notice, heldOpen.Level);
        Assert.Single(site.Events, e => e.Type == EventTypes.DoorForcedOpen);
    }

    [Fact]
    public async Task A_scheduled_door_is_armed_only_within_its_hours_in_the_gateways_time_zone()
    {
        await using var site = await SensorAgent.StartAsync(output, OneDoor("    armedDuring: [\"23:00-06:00\"]\n"), start: Shanghai(23, 22, 50));

        Assert.Equal("ok door-1 open", await site.AskAsync("open door-1"));
        Assert.Equal("ok door-1 closed", await site.AskAsync("close door-1"));
        site.Time.Advance(TimeSpan.FromMinutes(20));
        Assert.StartsWith("ok door-1 open; forced opening reported as event", await site.AskAsync("open door-1"), StringComparison.Ordinal);

        var forced = await site.EventAsync(EventTypes.DoorForcedOpen);
        Assert.Equal(Shanghai(23, 23, 10), forced.OccurredAt);
        Assert.Equal("schedule", forced.Attributes!["armedBy"]);
        Assert.Single(site.Events, e => e.Type == EventTypes.DoorForcedOpen);
        Assert.Contains("door-1 open armed", await site.AskAsync("status"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bouncing_contact_gives_one_opening_stamped_when_it_first_moved()
    {
        await using var site = await SensorAgent.StartAsync(output, OneDoor().Replace("debounceMs: 0", "debounceMs: 20", StringComparison.Ordinal));
        var movedAt = site.Time.GetUtcNow();

        var settled = site.Agent.Wiring.Lines.BounceAsync(SimulatedDoorWiring.Address(SimulatedDoorWiring.ContactLine(Door)), high: true, bounces: 4, TimeSpan.FromMilliseconds(8));
        for (var i = 0; i < 40; i++)
            site.Time.Advance(TimeSpan.FromMilliseconds(1));
        await settled;

        var forced = await site.EventAsync(EventTypes.DoorForcedOpen);
        Assert.Equal(movedAt, forced.OccurredAt);
        Assert.Equal("ok door-1 already open", await site.AskAsync("open door-1"));
        Assert.Single(site.Events);
    }

    [Fact]
    public async Task The_tamper_loop_opening_is_reported_armed_or_not()
    {
        await using var site = await SensorAgent.StartAsync(output, OneDoor("    armed: false\n"));

        Assert.Equal("ok door-1 tamper loop open", await site.AskAsync("tamper door-1 open"));

        var tamper = await site.EventAsync(EventTypes.DoorTamper);
        Assert.Equal(LineSupervisor.TamperLoopOpened, tamper.Attributes!["reason"]);
        Assert.Equal("3号楼2单元门", tamper.Attributes["doorName"]);
        Assert.Equal("ok door-1 tamper loop closed", await site.AskAsync("tamper door-1 closed"));
    }

    [Fact]
    public async Task A_chattering_line_is_reported_once_as_tamper_and_its_changes_raise_no_door_events()
    {
        await using var site = await SensorAgent.StartAsync(output, OneDoor("    chatterEdges: 6\n    chatterSeconds: 10\n"));

        for (var i = 0; i < 6; i++)
        {
            await site.AskAsync("open door-1");
            await site.AskAsync("close door-1");
            site.Time.Advance(TimeSpan.FromMilliseconds(300));
        }

        var chatter = await site.EventAsync(EventTypes.DoorTamper);
        Assert.Equal(LineSupervisor.Chatter, chatter.Attributes!["reason"]);
        Assert.Equal("7 changes within 10 s", chatter.Attributes["detail"]);
        Assert.Equal("10 秒内变化 7 次：接线松动或输入悬空", chatter.Attributes["detailZh"]);
        site.Time.Advance(TimeSpan.FromSeconds(20));
        Assert.StartsWith("ok door-1 open; forced opening reported as event", await site.AskAsync("open door-1"), StringComparison.Ordinal);
        await OutboxAnswers.WaitUntilEmptyAsync(site.Control);
        Assert.Single(site.Events, e => e.Type == EventTypes.DoorTamper);
        Assert.Equal(4, site.Events.Count(e => e.Type == EventTypes.DoorForcedOpen));
    }

    [Fact]
    public async Task A_line_that_never_changes_is_reported_as_stuck()
    {
        await using var site = await SensorAgent.StartAsync(output, OneDoor("    armed: false\n    stuckLineHours: 48\n"));

        site.Time.Advance(TimeSpan.FromHours(47));
        await site.AskAsync("open door-1");
        await site.AskAsync("close door-1");
        site.Time.Advance(TimeSpan.FromHours(48));

        var stuck = await site.EventAsync(EventTypes.DoorTamper);
        Assert.Equal(LineSupervisor.StuckLine, stuck.Attributes!["reason"]);
        Assert.Equal(SensorAgent.MondayMorning + TimeSpan.FromHours(95), stuck.OccurredAt);
    }

    [Fact]
    public async Task A_quiet_elderly_home_raises_care_for_the_grid_worker_not_counting_quiet_hours()
    {
        var door = OneDoor("    armed: false\n    place: { building: \"5\", room: \"301\", grid: grid-9 }\n    care: { noActivityHours: 2, quietHours: [\"22:00-07:00\"] }\n")
            .Replace("    place: { building: \"3\", unit: \"2\", floor: \"1\" }\n", "", StringComparison.Ordinal);
        await using var site = await SensorAgent.StartAsync(output, door, start: Shanghai(23, 20, 0));

        site.Time.Advance(TimeSpan.FromMinutes(30));
        await site.AskAsync("open door-1");
        await site.AskAsync("close door-1");
        // 20:30 + 1.5 h before the quiet hours, 0.5 h after them: due at 07:30.
        site.Time.Advance(Shanghai(24, 7, 29) - site.Time.GetUtcNow());
        await OutboxAnswers.WaitUntilEmptyAsync(site.Control);
        Assert.Empty(site.Events);
        site.Time.Advance(TimeSpan.FromMinutes(1));

        var care = await site.EventAsync(EventTypes.NoActivity);
        Assert.Equal(Shanghai(24, 7, 30), care.OccurredAt);
        Assert.Equal(new Place(TestAgentConfig.Community, "grid-9", "5", Room: "301"), care.Place);
        Assert.Equal(NoActivityWatch.AddressedTo, care.Attributes!["addressedTo"]);
        Assert.Equal("grid-9", care.Attributes["grid"]);
        Assert.Equal(WarningLevel.Warning, care.Level);
        Assert.Equal(Shanghai(23, 20, 30), DateTimeOffset.Parse(care.Attributes["lastActivityAt"], System.Globalization.CultureInfo.InvariantCulture));

        // The next report after as many hours again outside the quiet hours: 09:30.
        site.Time.Advance(TimeSpan.FromMinutes(119));
        await OutboxAnswers.WaitUntilEmptyAsync(site.Control);
        Assert.Single(site.Events);
        site.Time.Advance(TimeSpan.FromMinutes(1));
        var again = await site.EventAsync(EventTypes.NoActivity, e => e.EventId != care.EventId);
        Assert.Equal(Shanghai(24, 9, 30), again.OccurredAt);
    }

    [Fact]
    public async Task A_gpio_door_reads_its_contact_and_release_lines_and_a_missing_line_takes_only_its_door_out_of_service()
    {
        var time = new ManualTimeProvider(SensorAgent.MondayMorning);
        var chip = new SimulatedLines(time);
        chip.AddChip("gpiochip0", 8, "pinctrl-test");
        chip.SetLevel(GpioLineAddress.OnChip("gpiochip0", 5), high: true);
        var doors = string.Join('\n',
            "  - id: door-gpio",
            "    source: gpio",
            "    chip: gpiochip0",
            "    line: 4",
            "    releaseLine: 5",
            "    debounceMs: 0",
            "  - id: door-missing",
            "    source: gpio",
            "    chip: gpiochip0",
            "    line: 20",
            "  - id: door-sim",
            "    debounceMs: 0",
            "");
        await using var site = await SensorAgent.StartAsync(output, doors, configureServices: services => services.AddSingleton(new GpioBackend(() => chip)), time: time);

        var offline = await site.EventAsync(EventTypes.SensorOffline);
        Assert.Equal(("door-missing", DoorInput.LineUnavailable), (offline.DeviceId, offline.Attributes!["reason"]));
        Assert.Equal("GPIO chip 'gpiochip0' [pinctrl-test] has 8 lines (offsets 0-7): offset 20 does not exist.", offline.Attributes["error"]);
        Assert.Contains("door-missing closed out-of-service", await site.AskAsync("status"), StringComparison.Ordinal);
        Assert.StartsWith("error: door door-missing is out of service: GPIO chip", await site.AskAsync("open door-missing"), StringComparison.Ordinal);
        Assert.Equal("error: door door-gpio is a GPIO door; it moves only with its real contact", await site.AskAsync("open door-gpio"));
        Assert.StartsWith("error: door door-missing is out of service", await site.AskAsync("release door-missing"), StringComparison.Ordinal);

        chip.SetLevel(GpioLineAddress.OnChip("gpiochip0", 4), high: true);
        var forced = await site.EventAsync(EventTypes.DoorForcedOpen, e => e.DeviceId == "door-gpio");
        chip.SetLevel(GpioLineAddress.OnChip("gpiochip0", 4), high: false);
        await Poll.UntilAsync(() => site.AskAsync("status"), s => s.Contains("door-gpio closed", StringComparison.Ordinal), "the GPIO door to close");
        chip.SetLevel(GpioLineAddress.OnChip("gpiochip0", 5), high: false);
        chip.SetLevel(GpioLineAddress.OnChip("gpiochip0", 5), high: true);
        // The release edge is read on its own line; the opening must come after it is taken.
        await Poll.UntilAsync(() => Task.FromResult(site.Agent.Log.Contains(Microsoft.Extensions.Logging.LogLevel.Information, "Door door-gpio released")), taken => taken, "the release to be taken");
        chip.SetLevel(GpioLineAddress.OnChip("gpiochip0", 4), high: true);
        await Poll.UntilAsync(() => site.AskAsync("status"), s => s.Contains("door-gpio open", StringComparison.Ordinal), "the GPIO door to open");

        // An unlock through the API is a release signal too.
        chip.SetLevel(GpioLineAddress.OnChip("gpiochip0", 4), high: false);
        await Poll.UntilAsync(() => site.AskAsync("status"), s => s.Contains("door-gpio closed", StringComparison.Ordinal), "the GPIO door to close");
        Assert.Equal("ok door-gpio released; an opening within 10 s is legitimate", await site.AskAsync("release door-gpio"));
        chip.SetLevel(GpioLineAddress.OnChip("gpiochip0", 4), high: true);
        await Poll.UntilAsync(() => site.AskAsync("status"), s => s.Contains("door-gpio open", StringComparison.Ordinal), "the GPIO door to open");

        Assert.StartsWith("ok door-sim open; forced opening reported as event", await site.AskAsync("open door-sim"), StringComparison.Ordinal);
        await site.EventAsync(EventTypes.DoorForcedOpen, e => e.DeviceId == "door-sim");
        await OutboxAnswers.WaitUntilEmptyAsync(site.Control);
        Assert.Equal([forced.EventId], site.Events.Where(e => e.DeviceId == "door-gpio").Select(e => e.EventId));
    }
}
