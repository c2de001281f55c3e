using EdgeSecurity.Bindings.Mosquitto;
using EdgeSecurity.Contract;

namespace EdgeSecurity.Hub.Ingestion;

/// <summary>
/// The hub's one MQTT connection: subscribes QoS 1 to the whole contract tree and hands every message,
/// in arrival order, to the <see cref="MessageDispatcher"/>, and publishes the <see cref="EventAcknowledgements"/>
/// back. The hub starts whether or not the broker is up; until the first connection succeeds this service retries,
/// after that libmosquitto reconnects by itself.
/// </summary>
public sealed class MqttIngestion(
    MqttSettings settings, MessageDispatcher dispatcher, EventAcknowledgements acknowledgements, ILogger<MqttIngestion> logger, ILogger<MqttClient> clientLogger)
    : BackgroundService
{
    public const string Filter = Topics.Root + "/#";

    private volatile MqttClient? _client;
    private volatile bool _subscribed;

    /// <summary>Publishes a message of the hub's own (a command to a gateway, a revoked gateway's status) with QoS 1 on this connection.</summary>
    /// <exception cref="MqttException">The hub is not connected to the broker.</exception>
    public Task PublishAsync(string topic, byte[] payload, CancellationToken ct, bool retain = false) =>
        _client is { IsConnected: true } client
            ? client.PublishAsync(topic, payload, MqttQos.AtLeastOnce, retain, ct)
            : throw new MqttException($"the hub is not connected to the broker at {settings.Host}:{settings.Port}");

    /// <summary>Connected and subscribed: messages published now reach the hub.</summary>
    public bool IsConnected => _subscribed && _client?.IsConnected == true;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var client = new MqttClient(
            new MqttClientOptions
            {
                ClientId = settings.EffectiveClientId(),
                Host = settings.Host,
                Port = settings.Port,
                Username = settings.Username,
                Password = settings.Password,
                Protocol = MqttProtocol.V5,
                CleanSession = false,
                SessionExpiry = settings.SessionExpiry,
                ReconnectMinDelay = settings.ReconnectMinDelay,
                ReconnectMaxDelay = settings.ReconnectMaxDelay,
                InflightMaximum = settings.InflightMaximum,
                Tls = settings.Tls is { CaFile: { } caFile } tls ? new MqttTlsOptions(caFile, NullIfBlank(tls.CertFile), NullIfBlank(tls.KeyFile)) : null,
            },
            clientLogger);
        client.ConnectionChanged += OnConnectionChanged;
        _client = client;
        await Task.WhenAll(ConnectAndSubscribeAsync(client, stoppingToken), acknowledgements.RunAsync(client, stoppingToken)).ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        // Disposing disconnects cleanly and waits until every message already received has been dispatched.
        if (_client is { } client)
            await client.DisposeAsync().ConfigureAwait(false);
    }

    private async Task ConnectAndSubscribeAsync(MqttClient client, CancellationToken ct)
    {
        Task? subscribed = null;
        var connected = false;
        var delay = settings.ReconnectMinDelay;
        while (true)
        {
            try
            {
                // Registered before connecting: a resumed session's queued alarms arrive right after CONNACK and
                // would find no handler. A refused subscription (faulted task) is asked for again.
                if (subscribed is null or { IsFaulted: true })
                    subscribed = client.SubscribeAsync(settings.SubscriptionFilter(Filter), MqttQos.AtLeastOnce, dispatcher.DispatchAsync, ct);
                if (!connected)
                {
                    await client.ConnectAsync(ct).ConfigureAwait(false);
                    connected = true;
                }
                await subscribed.ConfigureAwait(false);
                _subscribed = true;
                logger.LogInformation("Subscribed to {Filter} at {Host}:{Port}", settings.SubscriptionFilter(Filter), settings.Host, settings.Port);
                return;
            }
            catch (MqttException e)
            {
                logger.LogWarning("MQTT broker not available yet ({Reason}); retrying in {Delay} s", e.Message, delay.TotalSeconds);
            }
            await Task.Delay(delay, ct).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, settings.ReconnectMaxDelay.Ticks));
        }
    }

    // The binding logs every connection change; losing the broker is worth a warning here, because
    // until the reconnect no alarm reaches the hub. Reason code 0 is the hub's own disconnect at shutdown.
    private void OnConnectionChanged(object? sender, MqttConnectionChangedEventArgs e)
    {
        if (!e.IsConnected && e.ReasonCode != 0)
            logger.LogWarning("Lost the MQTT broker at {Host}:{Port} ({Reason}); no alarms arrive until the reconnect", settings.Host, settings.Port, e.Reason);
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
