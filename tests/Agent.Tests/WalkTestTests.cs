using System.Text.Json;
using EdgeSecurity.Agent.Cameras;
using EdgeSecurity.Agent.Commissioning;
using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Agent.Modes;
using EdgeSecurity.Agent.Outbox;
using EdgeSecurity.Agent.Publishing;
using EdgeSecurity.Agent.Rules;
using EdgeSecurity.Agent.Schedules;
using EdgeSecurity.Contract;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeSecurity.Agent.Tests;

/// <summary>
/// Walk-test mode on a manual clock, through the real event path (rules and the durable outbox): what marks a device,
/// which events are tests, the expiry, and what <c>commissioning.json</c> keeps across walks and restarts.
/// </summary>
public sealed class WalkTestTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));
    private readonly AgentConfig _config;
    private readonly DurableOutbox _outbox;

    public WalkTestTests()
    {
        _config = new AgentConfig(
            new GatewayConfig("gw-1", "cm-1", null),
            new BrokerConfig("127.0.0.1", 1883, null, null, TimeSpan.FromSeconds(30)),
            TimeSpan.FromSeconds(30),
            _directory.Path,
            _directory.Combine("agent.sock"),
            new OutboxConfig(_directory.Combine("outbox.db"), 1024 * 1024, TimeSpan.FromSeconds(30)),
            [new DoorConfig("door-1", null, new DoorPlace("1", null, null, null), DoorSource.Simulated, true, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60))])
        {
            SmokeDetectors = [new SmokeDetectorConfig("smoke-1", null, new DoorPlace("1", null, null, null), SmokeRelaySource.Simulated, null, null,
                Bindings.Gpiod.GpioBias.PullUp, true, TimeSpan.FromMilliseconds(50))],
            Cameras = [new CameraConfig("cam-1", null, new DoorPlace("1", null, null, null), "rtsp://192.0.2.1/stream", false, true, 640, 360, null, 5, null,
                TimeSpan.FromSeconds(60), [], [])],
        };
        _outbox = DurableOutbox.Open(_config.Outbox, _time, NullLogger<DurableOutbox>.Instance);
    }

    [Fact]
    public void During_a_walk_test_every_event_is_a_test_and_the_last_firing_ends_it_as_passed()
    {
        var (walk, publisher, store) = Create();
        Raise(publisher, "door-1", EventTypes.DoorForcedOpen);
        Assert.False(NextEventIsTest());

        walk.Start(TimeSpan.FromMinutes(30));
        publisher.PublishState("door-1", "starting", _time.GetUtcNow());
        Raise(publisher, "smoke-1", EventTypes.SensorOffline);
        Raise(publisher, "cam-1", EventTypes.CameraOffline);
        Assert.True(NextEventIsTest());
        Assert.True(NextEventIsTest());
        Assert.Equal(0, walk.State().Summary!.Fired);

        Raise(publisher, "cam-1", EventTypes.PerimeterIntrusion);
        Assert.True(NextEventIsTest());

        publisher.PublishState("door-1", "open", _time.GetUtcNow());
        _time.Advance(TimeSpan.FromSeconds(5));
        Raise(publisher, "smoke-1", EventTypes.SmokeAlarm);

        Assert.True(NextEventIsTest());
        var state = walk.State();
        Assert.False(state.Active);
        Assert.Equal(WalkTest.Passed, state.Summary!.Outcome);
        Assert.Equal(["open", "fire.smoke_alarm", "security.perimeter_intrusion"], state.Devices.Select(d => d.What));
        Raise(publisher, "door-1", EventTypes.DoorForcedOpen);
        Assert.False(NextEventIsTest());
        Assert.Equal(WalkTest.Passed, store.Current.WalkTest!.Outcome);
    }

    [Fact]
    public void A_walk_test_nobody_ends_expires_by_itself_and_the_file_keeps_each_device_s_latest_firing_across_walks_and_restarts()
    {
        var (walk, publisher, _) = Create();
        walk.Start(TimeSpan.FromMinutes(10));
        publisher.PublishState("door-1", "closed", _time.GetUtcNow());
        var doorFiredAt = _time.GetUtcNow();

        _time.Advance(TimeSpan.FromMinutes(10));

        Assert.False(walk.IsActive);
        Assert.Equal(WalkTest.Expired, walk.State().Summary!.Outcome);
        Raise(publisher, "smoke-1", EventTypes.SmokeAlarm);
        Assert.False(NextEventIsTest());

        walk.Start(TimeSpan.FromMinutes(10));
        _time.Advance(TimeSpan.FromMinutes(1));
        Raise(publisher, "smoke-1", EventTypes.SmokeAlarm);
        walk.Stop();

        var reopened = new CommissioningStore(_config, NullLogger<CommissioningStore>.Instance).Current;
        Assert.Equal(WalkTest.Stopped, reopened.WalkTest!.Outcome);
        Assert.Equal(doorFiredAt, reopened.Devices["door-1"].FiredAt);
        Assert.Equal("closed", reopened.Devices["door-1"].What);
        Assert.Equal("fire.smoke_alarm", reopened.Devices["smoke-1"].What);
    }

    [Fact]
    public void A_camera_alert_keeps_the_test_mark_it_was_raised_with_across_the_start_and_end_of_a_walk_test()
    {
        var (walk, publisher, _) = Create();
        var before = Guid.CreateVersion7();
        RaiseAlert(publisher, before, "raised");
        Assert.False(NextEventIsTest());

        walk.Start(TimeSpan.FromMinutes(30));
        RaiseAlert(publisher, before, "updated");
        Assert.False(NextEventIsTest());
        var during = Guid.CreateVersion7();
        RaiseAlert(publisher, during, "raised");
        Assert.True(NextEventIsTest());
        RaiseAlert(publisher, before, "ended");
        Assert.False(NextEventIsTest());

        walk.Stop();
        RaiseAlert(publisher, during, "updated");
        Assert.True(NextEventIsTest());
        RaiseAlert(publisher, during, "ended");
        Assert.True(NextEventIsTest());
        RaiseAlert(publisher, Guid.CreateVersion7(), "updated");
        Assert.False(NextEventIsTest());
    }

    [Fact]
    public void An_unreadable_results_file_is_replaced_by_the_next_result()
    {
        File.WriteAllText(CommissioningStore.PathIn(_directory.Path), "{ not json");
        var (walk, publisher, store) = Create();

        walk.Start(TimeSpan.FromMinutes(1));
        publisher.PublishState("door-1", "open", _time.GetUtcNow());

        Assert.Equal("open", CommissioningStore.Load(store.Path)!.Devices["door-1"].What);
    }

    public void Dispose()
    {
        _outbox.Dispose();
        _directory.Dispose();
    }

    private (WalkTest Walk, RuledEventPublisher Publisher, CommissioningStore Store) Create()
    {
        var store = new CommissioningStore(_config, NullLogger<CommissioningStore>.Instance);
        var walk = new WalkTest(_config, store, _time, NullLogger<WalkTest>.Instance);
        var mode = new GatewayModeState(_config, NullLogger<GatewayModeState>.Instance);
        var publisher = new RuledEventPublisher(new OutboxPublisher(_outbox, _config), new DeviceOverrides(_config, new LocalClock(_time, TimeZoneInfo.Utc)), mode,
            new FusionEngine([], r => r.Within), walk, NullLogger<RuledEventPublisher>.Instance);
        return (walk, publisher, store);
    }

    private void Raise(RuledEventPublisher publisher, string device, EventType type) =>
        publisher.PublishEvent(new Detection(device, new Place("cm-1", null, "1", null, null, null), type, _time.GetUtcNow()));

    private void RaiseAlert(RuledEventPublisher publisher, Guid alertId, string phase) =>
        publisher.PublishEvent(new Detection("cam-1", new Place("cm-1", null, "1", null, null, null), EventTypes.PerimeterIntrusion, _time.GetUtcNow(),
            Attributes: new Dictionary<string, string>(StringComparer.Ordinal) { ["alertId"] = alertId.ToString(), ["phase"] = phase }));

    /// <summary>The next event the outbox would send, read as the hub would; states are skipped.</summary>
    private bool NextEventIsTest()
    {
        while (_outbox.TakeNext() is { } entry)
        {
            _outbox.Complete([entry]);
            if (entry.Message.Priority != OutboxPriority.Event)
                continue;
            using var json = JsonDocument.Parse(entry.Message.Payload);
            return json.RootElement.TryGetProperty("test", out var test) && test.GetBoolean();
        }
        throw new InvalidOperationException("no event in the outbox");
    }
}
