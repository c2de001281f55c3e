using EdgeSecurity.Agent.Publishing;
using EdgeSecurity.Contract;

namespace EdgeSecurity.Agent.Tests.Support;

/// <summary>Keeps what devices hand to the network, in order, instead of sending it.</summary>
public sealed class RecordingPublisher : IEventPublisher
{
    private readonly Lock _gate = new();
    private readonly List<Detection> _events = [];
    private readonly List<(string DeviceId, string State, DateTimeOffset At)> _states = [];
    private readonly List<Guid> _eventIds = [];
    private readonly List<(string DeviceId, IReadOnlyDictionary<string, double> Values, DateTimeOffset At)> _telemetry = [];

    public IReadOnlyList<Detection> Events
    {
        get
        {
            lock (_gate)
                return [.. _events];
        }
    }

    /// <summary>The ids handed back for <see cref="Events"/>, in the same order.</summary>
    public IReadOnlyList<Guid> EventIds
    {
        get
        {
            lock (_gate)
                return [.. _eventIds];
        }
    }

    public IReadOnlyList<(string DeviceId, string State, DateTimeOffset At)> States
    {
        get
        {
            lock (_gate)
                return [.. _states];
        }
    }

    public Guid PublishEvent(Detection detection)
    {
        var eventId = Guid.CreateVersion7();
        lock (_gate)
        {
            _events.Add(detection);
            _eventIds.Add(eventId);
        }
        return eventId;
    }

    public void PublishState(string deviceId, string state, DateTimeOffset at, DeviceHealth? health = null)
    {
        lock (_gate)
            _states.Add((deviceId, state, at));
    }

    public IReadOnlyList<(string DeviceId, IReadOnlyDictionary<string, double> Values, DateTimeOffset At)> Telemetry
    {
        get
        {
            lock (_gate)
                return [.. _telemetry];
        }
    }

    public void PublishTelemetry(string deviceId, IReadOnlyDictionary<string, double> values, DateTimeOffset at)
    {
        lock (_gate)
            _telemetry.Add((deviceId, values, at));
    }
}
