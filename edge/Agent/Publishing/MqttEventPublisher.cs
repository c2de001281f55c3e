using System.Threading.Channels;
using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Bindings.Mosquitto;
using EdgeSecurity.Contract;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Agent.Publishing;

/// <summary>
/// Publishes events and device states in the order they happened, one at a time, each acknowledged by the broker
/// (QoS 1) before the next. The queue lives in memory and is bounded; the durable outbox will replace it behind
/// <see cref="IEventPublisher"/>. An event keeps its id across retries so the hub can drop duplicates.
/// </summary>
public sealed class MqttEventPublisher : IEventPublisher, IHostedService, IDisposable
{
    private const int Capacity = 10_000;

    // Long enough to flush what doors reported during shutdown over a live connection, short enough for a service stop.
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    private readonly Channel<Outgoing> _queue;
    private readonly MqttClient _client;
    private readonly GatewayConfig _gateway;
    private readonly TimeProvider _time;
    private readonly PublishRetry _retry;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private Task _sending = Task.CompletedTask;

    public MqttEventPublisher(MqttClient client, AgentConfig config, TimeProvider time, PublishRetry retry, ILogger<MqttEventPublisher> logger)
    {
        _client = client;
        _gateway = config.Gateway;
        _time = time;
        _retry = retry;
        _logger = logger;
        _queue = Channel.CreateBounded<Outgoing>(
            new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            dropped => _logger.LogError("Publish queue full ({Capacity} messages): dropped {Message}", Capacity, dropped));
    }

    public void PublishEvent(Detection detection)
    {
        // PublishedAt is a placeholder here: every attempt stamps its own time.
        var edgeEvent = new EdgeEvent(Guid.CreateVersion7(), _gateway.Id, detection.DeviceId, detection.Place,
            detection.Type, detection.Type.DefaultLevel, detection.OccurredAt, detection.OccurredAt, Attributes: detection.Attributes);
        Enqueue(new OutgoingEvent(Topics.Events(_gateway.Community, _gateway.Id, detection.DeviceId), edgeEvent));
    }

    public void PublishState(string deviceId, string state, DateTimeOffset at) =>
        Enqueue(new OutgoingState(Topics.State(_gateway.Community, _gateway.Id, deviceId), new DeviceState(_gateway.Id, deviceId, state, at)));

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _sending = SendAllAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        // Without a connection nothing can drain, so waiting would only delay the stop.
        var drain = _client.IsConnected ? DrainTimeout : TimeSpan.Zero;
        try
        {
            await _sending.WaitAsync(drain, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
            await _sending.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        if (_queue.Reader.Count > 0)
            _logger.LogWarning("{Count} queued messages were not published before the agent stopped", _queue.Reader.Count);
    }

    public void Dispose() => _stopping.Dispose();

    private void Enqueue(Outgoing message)
    {
        if (!_queue.Writer.TryWrite(message))
            _logger.LogWarning("The agent is stopping: not published {Message}", message);
    }

    private async Task SendAllAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var message in _queue.Reader.ReadAllAsync(stopping).ConfigureAwait(false))
            {
                try
                {
                    await SendAsync(message, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    _logger.LogWarning("The agent stopped before the broker acknowledged {Message}", message);
                    throw;
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task SendAsync(Outgoing message, CancellationToken stopping)
    {
        var delay = _retry.FirstDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _client.PublishAsync(message.Topic, message.Payload(_time.GetUtcNow()), MqttQos.AtLeastOnce, message.Retain, stopping)
                    .ConfigureAwait(false);
                message.LogPublished(_logger);
                return;
            }
            catch (MqttException e) when (attempt < _retry.Attempts)
            {
                _logger.LogWarning("Publishing {Message} failed (attempt {Attempt} of {Attempts}), retrying in {Delay} s: {Error}",
                    message, attempt, _retry.Attempts, delay.TotalSeconds, e.Message);
            }
            catch (MqttException e)
            {
                _logger.LogError("Gave up publishing {Message} after {Attempts} attempts: {Error}", message, attempt, e.Message);
                return;
            }
            await Task.Delay(delay, _time, stopping).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _retry.LongestDelay.Ticks));
        }
    }

    private abstract record Outgoing(string Topic, bool Retain)
    {
        public abstract ReadOnlyMemory<byte> Payload(DateTimeOffset now);

        public abstract void LogPublished(ILogger logger);
    }

    private sealed record OutgoingEvent(string Topic, EdgeEvent Event) : Outgoing(Topic, Retain: false)
    {
        // A clock stepped back (NTP at boot) must not make the event look published before it occurred: the hub would refuse it.
        public override ReadOnlyMemory<byte> Payload(DateTimeOffset now) =>
            ContractWriter.ToJson(Event with { PublishedAt = now > Event.OccurredAt ? now : Event.OccurredAt });

        public override void LogPublished(ILogger logger) =>
            logger.LogInformation("Published {Type} of {DeviceId} as event {EventId}", Event.Type.Code, Event.DeviceId, Event.EventId);

        public override string ToString() => $"event {Event.EventId} ({Event.Type.Code} of {Event.DeviceId})";
    }

    private sealed record OutgoingState(string Topic, DeviceState State) : Outgoing(Topic, Retain: true)
    {
        public override ReadOnlyMemory<byte> Payload(DateTimeOffset now) => ContractWriter.ToJson(State);

        public override void LogPublished(ILogger logger) =>
            logger.LogDebug("Published state {State} of {DeviceId}", State.State, State.DeviceId);

        public override string ToString() => $"state '{State.State}' of {State.DeviceId}";
    }
}
