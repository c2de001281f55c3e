using EdgeSecurity.Agent.SmokeDetectors;
using EdgeSecurity.Agent.Tests.Support;
using EdgeSecurity.Contract;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeSecurity.Agent.Tests;

/// <summary>The one state machine of every detector and sensor: which readings raise events and which only change the state.</summary>
public class DetectorStatusTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);
    private readonly RecordingPublisher _published = new();
    private readonly DetectorStatus _status;

    public DetectorStatusTests()
    {
        _status = new DetectorStatus("smoke-1", new Place("cm-1"), "3号楼烟感", _published, NullLogger.Instance);
    }

    [Fact]
    public void Each_condition_raises_its_event_once_per_occurrence_and_clearing_only_changes_the_state()
    {
        _status.Observe(new DetectorSignals(false, false, false), At);
        _status.Observe(new DetectorSignals(true, false, false), At.AddSeconds(1));
        _status.Observe(new DetectorSignals(true, true, false), At.AddSeconds(2));
        _status.Observe(new DetectorSignals(true, true, true, 2.6), At.AddSeconds(3));
        _status.Observe(new DetectorSignals(true, true, true, 2.6), At.AddSeconds(4));
        _status.Observe(new DetectorSignals(false, false, false, 3.0), At.AddSeconds(5));
        _status.Observe(new DetectorSignals(true, false, false, 3.0), At.AddSeconds(6));

        Assert.Equal([EventTypes.SmokeAlarm, EventTypes.DetectorFault, EventTypes.LowBattery, EventTypes.SmokeAlarm], _published.Events.Select(e => e.Type));
        Assert.Equal(["normal", "alarm", "alarm", "alarm", "normal", "alarm"], _published.States.Select(s => s.State));
        Assert.Equal("3号楼烟感", _published.Events[0].Attributes!["deviceName"]);
        Assert.Equal("2.60", _published.Events[2].Attributes!["batteryVolts"]);
    }

    [Fact]
    public void A_device_silent_after_its_bus_came_back_is_reported_once_and_comes_back_by_itself()
    {
        _status.Observe(new DetectorSignals(false, false, null), At);
        _status.Unreachable(At.AddSeconds(1));
        _status.Unreachable(At.AddSeconds(2));
        Assert.Empty(_published.Events);
        Assert.Equal("offline", _status.State);

        _status.Lost(At.AddSeconds(3), "no_answer");
        _status.Lost(At.AddSeconds(4), "no_answer");
        var offline = Assert.Single(_published.Events);
        Assert.Equal((EventTypes.SensorOffline, "no_answer"), (offline.Type, offline.Attributes!["reason"]));

        _status.Observe(new DetectorSignals(false, false, null), At.AddSeconds(5));
        Assert.Equal(new DeviceHealth(true, At.AddSeconds(5), false, null), _status.Health);
        _status.Lost(At.AddSeconds(6), "invalid_answers");
        Assert.Equal(2, _published.Events.Count(e => e.Type == EventTypes.SensorOffline));
        Assert.Equal(["normal", "offline", "normal", "offline"], _published.States.Select(s => s.State));
    }
}
