using EdgeSecurity.Agent.Publishing;

namespace EdgeSecurity.Agent.Tests.Support;

/// <summary>Keeps what devices hand to the network, in order, instead of sending it.</summary>
public sealed class RecordingPublisher : IEventPublisher
{
    private readonly Lock _gate = new();
    private readonly List<Detection> _events = [];
    private readonly List<(string DeviceId, string State, DateTimeOffset At)> _states = [];

    public IReadOnlyList<Detection> Events
    {
        get
        {
            lock (_gate)
                return [.. _events];
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

    public void PublishEvent(Detection detection)
    {
        lock (_gate)
            _events.Add(detection);
    }

    public void PublishState(string deviceId, string state, DateTimeOffset at)
    {
        lock (_gate)
            _states.Add((deviceId, state, at));
    }
}
