using System.Threading.Channels;
using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Agent.Modes;
using EdgeSecurity.Bindings.Mosquitto;
using EdgeSecurity.Contract;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Agent.Gateway;

/// <summary>
/// Keeps the gateway connected and its retained status true: online after every (re)connect, offline before a
/// graceful stop, and the last will for everything else. The online status carries the gateway's mode and is
/// published again when the mode changes. The agent runs without the broker and connects when it can.
/// </summary>
public sealed class GatewayConnection : IHostedService, IBrokerConnectionState, IDisposable
{
    // Bounds the wait for the broker's acknowledgement of the offline status, so a dying link cannot hold up a stop.
    private static readonly TimeSpan OfflineAckTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan FirstConnectRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestConnectRetryDelay = TimeSpan.FromSeconds(30);

    private readonly MqttClient _client;
    private readonly GatewayConfig _gateway;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _statusTopic;
    private readonly CancellationTokenSource _stopping = new();
    private readonly GatewayModeState _mode;

    // Connection callbacks run on the MQTT network thread, which must not wait for a publish: they only signal here.
    private readonly Channel<bool> _connects = Channel.CreateUnbounded<bool>(new UnboundedChannelOptions { SingleReader = true });
    private Task _running = Task.CompletedTask;

    public GatewayConnection(MqttClient client, AgentConfig config, TimeProvider time, GatewayModeState mode, ILogger<GatewayConnection> logger)
    {
        _client = client;
        _mode = mode;
        _gateway = config.Gateway;
        _time = time;
        _logger = logger;
        _statusTopic = Topics.Status(_gateway.Community, _gateway.Id);
    }

    public bool IsConnected => _client.IsConnected;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _client.ConnectionChanged += OnConnectionChanged;
        _mode.Changed += OnModeChanged;
        _running = Task.WhenAll(ConnectAsync(_stopping.Token), AnnounceOnlineAsync(_stopping.Token));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _running.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _client.ConnectionChanged -= OnConnectionChanged;
        _mode.Changed -= OnModeChanged;
        if (!_client.IsConnected)
        {
            _logger.LogWarning("Stopping while disconnected from the broker: the broker will publish the offline last will");
            return;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(OfflineAckTimeout);
        try
        {
            await PublishStatusAsync(GatewayState.Offline, timeout.Token).ConfigureAwait(false);
            _logger.LogInformation("Published offline status");
        }
        catch (Exception e) when (e is MqttException or OperationCanceledException)
        {
            _logger.LogWarning("Publishing the offline status failed: {Error}", e.Message);
        }
    }

    public void Dispose() => _stopping.Dispose();

    private void OnConnectionChanged(object? sender, MqttConnectionChangedEventArgs e)
    {
        if (e.IsConnected)
        {
            _logger.LogInformation("Connected to the broker");
            _connects.Writer.TryWrite(true);
        }
        else
        {
            _logger.LogWarning("Disconnected from the broker ({Reason}); reconnecting", e.Reason);
        }
    }

    private void OnModeChanged(GatewayMode mode)
    {
        if (_client.IsConnected)
            _connects.Writer.TryWrite(true);
    }

    private async Task ConnectAsync(CancellationToken stopping)
    {
        var delay = FirstConnectRetryDelay;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await _client.ConnectAsync(stopping).ConfigureAwait(false);
                return;
            }
            catch (MqttException e)
            {
                _logger.LogWarning("Connecting to the broker failed, retrying in {Delay} s: {Error}", delay.TotalSeconds, e.Message);
            }
            await Task.Delay(delay, _time, stopping).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestConnectRetryDelay.Ticks));
        }
    }

    private async Task AnnounceOnlineAsync(CancellationToken stopping)
    {
        await foreach (var _ in _connects.Reader.ReadAllAsync(stopping).ConfigureAwait(false))
        {
            try
            {
                await PublishStatusAsync(GatewayState.Online, stopping).ConfigureAwait(false);
                _logger.LogInformation("Published online status (agent {Version}, mode {Mode})", AgentVersion.Current, GatewayModes.Code(_mode.Current));
            }
            catch (MqttException e)
            {
                // The next connect announces again; until then the retained status is the will or the last online.
                _logger.LogWarning("Publishing the online status failed: {Error}", e.Message);
            }
        }
    }

    private Task PublishStatusAsync(GatewayState state, CancellationToken cancellationToken)
    {
        var status = new GatewayStatus(_gateway.Id, state, _time.GetUtcNow(), AgentVersion.Current, _mode.Current);
        return _client.PublishAsync(_statusTopic, ContractWriter.ToJson(status), MqttQos.AtLeastOnce, retain: true, cancellationToken);
    }
}
