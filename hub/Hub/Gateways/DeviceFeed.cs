using System.Net.ServerSentEvents;

namespace EdgeSecurity.Hub.Gateways;

/// <summary>
/// A change the site view draws at once: a device's new state (<see cref="DeviceFeed.DeviceState"/>, DeviceId set) or a
/// gateway going online or offline (<see cref="DeviceFeed.GatewayStatus"/>, DeviceId null).
/// </summary>
public sealed record DeviceChange(string Community, string GatewayId, string? DeviceId, string State, DateTimeOffset At);

/// <summary>
/// Device states and gateway status to live site views, per community (<see cref="LiveFeed{T}"/>). Only changes this
/// hub stored are sent: with several hubs on one database a view sees the changes its own hub received, and the rest
/// at its next reload.
/// </summary>
public sealed class DeviceFeed(IHostApplicationLifetime lifetime, ILogger<DeviceFeed> logger) : IDisposable
{
    public const string DeviceState = "device.state";
    public const string GatewayStatus = "gateway.status";
    public const int SubscriberCapacity = 512;

    private readonly LiveFeed<DeviceChange> _feed = new(SubscriberCapacity, "device changes", lifetime, logger);

    public void Publish(DeviceChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        _feed.Publish(change.DeviceId is null ? GatewayStatus : DeviceState, change);
    }

    public IAsyncEnumerable<SseItem<DeviceChange?>> SubscribeAsync(string community, CancellationToken ct) =>
        _feed.SubscribeAsync(change => change.Community == community, ct);

    public void Dispose() => _feed.Dispose();
}
