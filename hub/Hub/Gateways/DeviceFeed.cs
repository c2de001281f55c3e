using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace EdgeSecurity.Hub.Gateways;

/// <summary>
/// A change the site view draws at once: a device's new state (<see cref="DeviceFeed.DeviceState"/>, DeviceId set) or a
/// gateway going online or offline (<see cref="DeviceFeed.GatewayStatus"/>, DeviceId null).
/// </summary>
public sealed record DeviceChange(string Community, string GatewayId, string? DeviceId, string State, DateTimeOffset At);

/// <summary>
/// Fans device states and gateway status out to live site views, per community, as <see cref="Incidents.IncidentFeed"/>
/// does incidents: each subscriber has a bounded queue, and one that falls behind is disconnected (its EventSource
/// reconnects and reloads the states) rather than fed a stream with gaps. Only changes this hub stored are sent: with
/// several hubs on one database a view sees the changes its own hub received, and the rest at its next reload.
/// </summary>
public sealed class DeviceFeed : IDisposable
{
    public const string DeviceState = "device.state";
    public const string GatewayStatus = "gateway.status";
    public const int SubscriberCapacity = 512;

    private readonly Dictionary<ChannelWriter<SseItem<DeviceChange?>>, string> _subscribers = [];
    private readonly Lock _lock = new();
    private readonly ILogger<DeviceFeed> _logger;
    private readonly CancellationTokenRegistration _stopping;
    private bool _closed;

    public DeviceFeed(IHostApplicationLifetime lifetime, ILogger<DeviceFeed> logger)
    {
        _logger = logger;
        _stopping = lifetime.ApplicationStopping.Register(CompleteAll);
    }

    public void Publish(DeviceChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var item = new SseItem<DeviceChange?>(change, change.DeviceId is null ? GatewayStatus : DeviceState);
        lock (_lock)
        {
            foreach (var subscriber in _subscribers.Where(s => s.Value == change.Community && !s.Key.TryWrite(item)).Select(s => s.Key).ToList())
            {
                subscriber.TryComplete();
                _subscribers.Remove(subscriber);
                _logger.LogWarning("A site view fell {Capacity} device changes behind and was disconnected; it will reconnect and reload", SubscriberCapacity);
            }
        }
    }

    /// <summary>The changes of one community, registered before the first (data-less) item that sends the headers.</summary>
    public async IAsyncEnumerable<SseItem<DeviceChange?>> SubscribeAsync(string community, [EnumeratorCancellation] CancellationToken ct)
    {
        var channel = Channel.CreateBounded<SseItem<DeviceChange?>>(new BoundedChannelOptions(SubscriberCapacity) { SingleReader = true });
        lock (_lock)
        {
            if (_closed)
                channel.Writer.TryComplete();
            else
                _subscribers.Add(channel.Writer, community);
        }
        try
        {
            yield return new SseItem<DeviceChange?>(null) { ReconnectionInterval = Incidents.IncidentFeed.ReconnectDelay };
            await foreach (var item in channel.Reader.ReadAllAsync(ct).ConfigureAwait(false))
                yield return item;
        }
        finally
        {
            lock (_lock)
                _subscribers.Remove(channel.Writer);
        }
    }

    public void Dispose()
    {
        _stopping.Dispose();
        CompleteAll();
    }

    private void CompleteAll()
    {
        lock (_lock)
        {
            _closed = true;
            foreach (var subscriber in _subscribers.Keys)
                subscriber.TryComplete();
            _subscribers.Clear();
        }
    }
}
