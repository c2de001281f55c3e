using System.Threading.Channels;
using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Bindings.Mosquitto;
using EdgeSecurity.Contract;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Agent.Outbox;

/// <summary>
/// Moves messages from the outbox to the broker, QoS 1, while connected. At most <see cref="MaxInFlight"/> are out at
/// once, so a long backlog neither floods libmosquitto's queue nor the broker, and each free place goes to the most
/// urgent waiting message; the last <see cref="ReservedForEvents"/> places only ever go to events, so a backlog of
/// states or telemetry cannot hold up a new alarm even while the broker is slow to acknowledge.
/// A state leaves the outbox on the broker's PUBACK; an event or telemetry point only when the hub confirms it durable
/// on <c>es/v1/{community}/{gateway}/acks</c>, because a PUBACK only says the broker has it, and a broker or hub crash
/// can still lose it. An event keeps its place until then; a telemetry point gives its place up at the PUBACK and waits
/// for the hub among at most <see cref="MaxTelemetryAwaitingHub"/>, because the hub confirms telemetry per InfluxDB batch
/// (about a second), which would otherwise throttle a backlog to a few dozen points a second. An unconfirmed message is
/// published again (same id) after the hub-ack timeout, doubling up to 8 times that, and after a reconnect.
/// All state lives on one task, fed by a channel: publish completions, hub acks, connection changes, ticks.
/// </summary>
public sealed class OutboxSender : IHostedService, IDisposable
{
    public const int MaxInFlight = 32;

    /// <summary>Places of <see cref="MaxInFlight"/> that states and telemetry never take.</summary>
    public const int ReservedForEvents = 8;

    /// <summary>Telemetry points the broker has acknowledged that may wait for the hub's confirmation at once.</summary>
    public const int MaxTelemetryAwaitingHub = 512;

    // Long enough to flush what doors reported during shutdown over a live connection, short enough for a service stop.
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(1);
    private const int LongestHubAckBackoff = 8;

    private readonly MqttClient _client;
    private readonly DurableOutbox _queue;
    private readonly TimeProvider _time;
    private readonly PublishRetry _retry;
    private readonly HubConfirmations _confirmations;
    private readonly TimeSpan _hubAckTimeout;
    private readonly string _acksTopic;
    private readonly ILogger _logger;
    private readonly Channel<Signal> _signals = Channel.CreateUnbounded<Signal>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<long, Delivery> _window = [];
    private readonly Dictionary<Guid, Delivery> _awaitingHub = [];
    private readonly HashSet<Delivery> _parked = [];
    private readonly List<Delivery> _refused = [];
    private readonly CancellationTokenSource _stopping = new();
    private ITimer? _ticker;
    private Task _running = Task.CompletedTask;
    private TaskCompletionSource? _drained;
    private int _wakePending;

    public OutboxSender(MqttClient client, DurableOutbox queue, AgentConfig config, TimeProvider time, PublishRetry retry, HubConfirmations confirmations,
        ILogger<OutboxSender> logger)
    {
        _confirmations = confirmations;
        _client = client;
        _queue = queue;
        _time = time;
        _retry = retry;
        _hubAckTimeout = config.Outbox.HubAckTimeout;
        _acksTopic = Topics.Acks(config.Gateway.Community, config.Gateway.Id);
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var backlog = _queue.Backlog();
        if (!_queue.IsEmpty)
        {
            _logger.LogInformation("The outbox holds {Events} events, {States} states and {Telemetry} telemetry points from an earlier run, the oldest {Age} s old; sending them",
                backlog.Events, backlog.States, backlog.Telemetry, backlog.OldestAgeSeconds);
        }
        _client.ConnectionChanged += OnConnectionChanged;
        _queue.Added += OnAdded;
        _ = ObserveSubscriptionAsync(_client.SubscribeAsync(_acksTopic, MqttQos.AtLeastOnce, OnHubAcksAsync, _stopping.Token));
        _running = RunAsync(_stopping.Token);
        _ticker = _time.CreateTimer(_ => _signals.Writer.TryWrite(Signal.Tick), null, TickInterval, TickInterval);
        _signals.Writer.TryWrite(Signal.Wake);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_client.IsConnected && !_queue.IsEmpty)
        {
            var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _drained, drained);
            _signals.Writer.TryWrite(Signal.Wake);
            await drained.Task.WaitAsync(DrainTimeout, _time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _queue.Added -= OnAdded;
        _client.ConnectionChanged -= OnConnectionChanged;
        if (!_queue.IsEmpty)
        {
            var backlog = _queue.Backlog();
            _logger.LogInformation("{Events} events, {States} states and {Telemetry} telemetry points stay in the outbox {Path} for the next start",
                backlog.Events, backlog.States, backlog.Telemetry, _queue.Path);
        }
    }

    public void Dispose()
    {
        _ticker?.Dispose();
        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            while (await _signals.Reader.WaitToReadAsync(stopping).ConfigureAwait(false))
            {
                var delivered = new List<OutboxEntry>();
                while (_signals.Reader.TryRead(out var signal))
                    Handle(signal, delivered);
                _queue.Complete(delivered);
                if (_client.IsConnected)
                {
                    PublishDueAgain();
                    Fill();
                }
                // Nothing out and nothing taken: what is left waits for a refusal's retry, which a stop need not wait for.
                if (Volatile.Read(ref _drained) is { } drained && (_queue.IsEmpty || _window.Count == 0))
                    drained.TrySetResult();
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private void Handle(Signal signal, List<OutboxEntry> delivered)
    {
        switch (signal)
        {
            case Signal.WakeSignal:
                Volatile.Write(ref _wakePending, 0);
                break;
            case Signal.TickSignal:
                // Time passed: what is due again is published after the signals are handled.
                break;
            case Signal.ConnectedSignal:
                Reconnected();
                break;
            case Signal.PublishedSignal published:
                OnPublished(published, delivered);
                break;
            case Signal.HubAcksSignal acks:
                OnHubAcks(acks.Acks, delivered);
                break;
        }
    }

    /// <summary>Places taken: everything out but the telemetry points that only wait for the hub.</summary>
    private int Places => _window.Count - _parked.Count;

    /// <summary>States and telemetry may take a place only while the reserved ones stay free.</summary>
    private bool RoomBelowEvents => Places < MaxInFlight - ReservedForEvents;

    private void Fill()
    {
        while (Places < MaxInFlight)
        {
            var lowest = !RoomBelowEvents ? OutboxPriority.Event
                : _parked.Count >= MaxTelemetryAwaitingHub ? OutboxPriority.State
                : OutboxPriority.Telemetry;
            if (_queue.TakeNext(lowest) is not { } entry)
                return;
            var delivery = new Delivery(entry);
            _window[entry.Seq] = delivery;
            if (entry.Message.HubAckId is { } id)
                _awaitingHub[id] = delivery;
            Publish(delivery);
        }
    }

    /// <summary>
    /// Unacknowledged messages whose time is up (a telemetry point that waited outside the places only while there is
    /// room below the events' places), and refused ones whose wait is over while there is room.
    /// </summary>
    private void PublishDueAgain()
    {
        var now = _time.GetUtcNow();
        foreach (var delivery in _window.Values.Where(d => d.Due <= now).OrderBy(d => d.Entry.Seq).ToList())
        {
            if (_parked.Contains(delivery) && !RoomBelowEvents)
                continue;
            _logger.Log(delivery.Message.Priority == OutboxPriority.Telemetry ? LogLevel.Debug : LogLevel.Information,
                "No {Acknowledgement} for {Message} within {Seconds:0} s of publishing it (attempt {Attempt}); publishing it again",
                delivery.BrokerAcknowledged ? "confirmation from the hub" : "PUBACK from the broker", delivery.Message, (now - delivery.PublishedAt).TotalSeconds, delivery.Attempts);
            Publish(delivery);
        }
        foreach (var delivery in _refused.Where(d => d.Due <= now).ToList())
        {
            if (Places >= MaxInFlight)
                return;
            _refused.Remove(delivery);
            _window[delivery.Entry.Seq] = delivery;
            Publish(delivery);
        }
    }

    private void Publish(Delivery delivery)
    {
        _parked.Remove(delivery);
        var now = _time.GetUtcNow();
        var attempt = delivery.Published(now, _hubAckTimeout);
        var message = delivery.Message;
        Task publishing;
        try
        {
            publishing = _client.PublishAsync(message.Topic, PayloadAt(message, now), MqttQos.AtLeastOnce, message.Retain, CancellationToken.None);
        }
        catch (ObjectDisposedException e)
        {
            publishing = Task.FromException(e);
        }
        _ = publishing.ContinueWith(
            t => _signals.Writer.TryWrite(new Signal.PublishedSignal(delivery, attempt, t.Exception?.InnerException)),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void OnPublished(Signal.PublishedSignal published, List<OutboxEntry> delivered)
    {
        var delivery = published.Delivery;
        if (delivery.Done || published.Attempt != delivery.Attempts)
            return;
        if (published.Error is null)
        {
            delivery.Refusals = 0;
            if (!delivery.AwaitsHub)
            {
                Finish(delivery, delivered);
                return;
            }
            delivery.BrokerAcknowledged = true;
            var backoff = 1 << Math.Min(delivery.Attempts - 1, 3);
            delivery.Due = delivery.PublishedAt + Math.Min(backoff, LongestHubAckBackoff) * _hubAckTimeout;
            if (delivery.Message.Priority == OutboxPriority.Telemetry)
                _parked.Add(delivery);
            return;
        }
        if (published.Error is ObjectDisposedException || _stopping.IsCancellationRequested)
            return;

        // Refused (an ACL, a payload the broker will not take): wait outside the window so the messages behind it go on.
        delivery.Refusals++;
        var delay = _retry.DelayAfter(delivery.Refusals);
        delivery.Due = _time.GetUtcNow() + delay;
        _window.Remove(delivery.Entry.Seq);
        _refused.Add(delivery);
        var level = delivery.Refusals >= _retry.ReportAfter ? LogLevel.Error : LogLevel.Warning;
        _logger.Log(level, "Publishing {Message} failed ({Refusals} time(s) in a row), trying again in {Delay} s; it stays in the outbox: {Error}",
            delivery.Message, delivery.Refusals, delay.TotalSeconds, published.Error.Message);
    }

    private void OnHubAcks(EventAcks acks, List<OutboxEntry> delivered)
    {
        var waiting = new List<Guid>();
        foreach (var id in acks.Stored)
        {
            if (_awaitingHub.TryGetValue(id, out var delivery))
            {
                _logger.Log(delivery.Message.Priority == OutboxPriority.Event ? LogLevel.Information : LogLevel.Debug, "The hub stored {Message}", delivery.Message);
                // Only events are waited for (the test alarm); telemetry confirmations would crowd them out of the remembered ones.
                if (delivery.Message.Priority == OutboxPriority.Event)
                    _confirmations.Stored(id);
                Finish(delivery, delivered);
            }
            else
            {
                _confirmations.Stored(id);
                waiting.Add(id);
            }
        }
        foreach (var refused in acks.Refused)
        {
            // The hub will refuse it again whenever it comes: keeping it would only block the window.
            _awaitingHub.TryGetValue(refused.EventId, out var delivery);
            var kind = delivery?.Message.Priority switch
            {
                OutboxPriority.Event => "event",
                OutboxPriority.Telemetry => "telemetry point",
                _ => "event or telemetry point",
            };
            _logger.LogError("The hub refused {Kind} {Id} ({Reason}); it is removed from the outbox. Is the hub older than this agent?", kind, refused.EventId, refused.Reason);
            if (delivery is not null)
                Finish(delivery, delivered);
            else
                waiting.Add(refused.EventId);
        }
        _queue.CompleteWaiting(waiting);
    }

    /// <summary>
    /// After a reconnect libmosquitto sends again what the broker had not acknowledged; events and telemetry points the
    /// broker had acknowledged but the hub has not confirmed may have died with the broker, so they go again now: the
    /// events at once, the telemetry points as places below the events' free up.
    /// </summary>
    private void Reconnected()
    {
        var now = _time.GetUtcNow();
        var again = _window.Values.Where(d => d.AwaitsHub && d.BrokerAcknowledged).ToList();
        foreach (var delivery in _window.Values.Except(again))
            delivery.Due = now + _hubAckTimeout;
        if (again.Count > 0)
            _logger.LogInformation("Reconnected: publishing {Count} events and telemetry points again that the hub had not confirmed", again.Count);
        foreach (var delivery in again)
        {
            if (_parked.Contains(delivery))
                delivery.Due = now;
            else
                Publish(delivery);
        }
    }

    private void Finish(Delivery delivery, List<OutboxEntry> delivered)
    {
        delivery.Done = true;
        _window.Remove(delivery.Entry.Seq);
        _refused.Remove(delivery);
        _parked.Remove(delivery);
        if (delivery.Message.HubAckId is { } id)
            _awaitingHub.Remove(id);
        delivered.Add(delivery.Entry);
    }

    private ValueTask OnHubAcksAsync(MqttMessage message)
    {
        var read = ContractReader.ReadEventAcks(message.Payload);
        if (read.Value is { } acks)
            _signals.Writer.TryWrite(new Signal.HubAcksSignal(acks));
        else
            _logger.LogWarning("Ignored a message on {Topic}: {Reason}", message.Topic, read.Rejection);
        return ValueTask.CompletedTask;
    }

    private async Task ObserveSubscriptionAsync(Task subscribing)
    {
        try
        {
            await subscribing.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The agent stopped before the broker answered.
        }
        catch (MqttException e)
        {
            _logger.LogError("Cannot subscribe to the hub's acknowledgements on {Topic}: events will be published again and again until a restart: {Error}",
                _acksTopic, e.Message);
        }
    }

    private void OnConnectionChanged(object? sender, MqttConnectionChangedEventArgs e)
    {
        if (e.IsConnected)
            _signals.Writer.TryWrite(Signal.Connected);
    }

    private void OnAdded(object? sender, EventArgs e)
    {
        if (Interlocked.Exchange(ref _wakePending, 1) == 0)
            _signals.Writer.TryWrite(Signal.Wake);
    }

    /// <summary>
    /// Each attempt carries its own publication time. The event was stored by this agent, so it reads back; were it not
    /// to, it goes out as stored rather than not at all.
    /// </summary>
    private static ReadOnlyMemory<byte> PayloadAt(OutboxMessage message, DateTimeOffset now)
    {
        if (message.Priority != OutboxPriority.Event || Topics.TryParse(message.Topic, out _) is not { } topic)
            return message.Payload;
        if (ContractReader.ReadEvent(topic, message.Payload).Value is not { } stored)
            return message.Payload;
        // A clock stepped back (NTP at boot) must not make the event look published before it occurred: the hub would refuse it.
        return ContractWriter.ToJson(stored with { PublishedAt = now > stored.OccurredAt ? now : stored.OccurredAt });
    }

    private abstract record Signal
    {
        public static readonly Signal Wake = new WakeSignal();
        public static readonly Signal Tick = new TickSignal();
        public static readonly Signal Connected = new ConnectedSignal();

        public sealed record WakeSignal : Signal;

        public sealed record TickSignal : Signal;

        public sealed record ConnectedSignal : Signal;

        public sealed record PublishedSignal(Delivery Delivery, int Attempt, Exception? Error) : Signal;

        public sealed record HubAcksSignal(EventAcks Acks) : Signal;
    }
}
