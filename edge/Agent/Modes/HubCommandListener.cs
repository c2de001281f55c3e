using System.Threading.Channels;
using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Agent.Outbox;
using EdgeSecurity.Bindings.Mosquitto;
using EdgeSecurity.Contract;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Agent.Modes;

/// <summary>
/// Takes the hub's commands from the gateway's own command topic, <c>es/v1/{community}/{gateway}/commands/{gateway}</c>
/// (the broker's ACL lets only the hub publish there). A command is carried out only if it is well formed, was issued
/// within <c>commands.maxAgeSeconds</c> of the gateway's clock, has an id not seen before, and is not older than the
/// command that set the current mode. Every command with a readable id gets a result on
/// <c>.../results/{gateway}</c>, through the durable outbox; the mode in force is in the gateway's retained online status.
/// </summary>
public sealed class HubCommandListener : IHostedService, IDisposable
{
    // Ids remembered to refuse replays: enough for every command within the accepted age at any sane command rate.
    private const int RememberedCommands = 1000;

    private readonly MqttClient _client;
    private readonly DurableOutbox _outbox;
    private readonly GatewayModeState _mode;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly GatewayConfig _gateway;
    private readonly TimeSpan _maxAge;
    private readonly string _topic;
    private readonly Channel<MqttMessage> _received = Channel.CreateBounded<MqttMessage>(new BoundedChannelOptions(100) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly Queue<Guid> _seenOrder = new();
    private readonly HashSet<Guid> _seen = [];
    private readonly CancellationTokenSource _stopping = new();
    private Task _running = Task.CompletedTask;

    public HubCommandListener(MqttClient client, DurableOutbox outbox, GatewayModeState mode, AgentConfig config, TimeProvider time,
        ILogger<HubCommandListener> logger)
    {
        _client = client;
        _outbox = outbox;
        _mode = mode;
        _time = time;
        _logger = logger;
        _gateway = config.Gateway;
        _maxAge = config.EventRules.CommandMaxAge;
        _topic = Topics.Commands(_gateway.Community, _gateway.Id, _gateway.Id);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _running = Task.WhenAll(SubscribeAsync(_stopping.Token), HandleAllAsync(_stopping.Token));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose() => _stopping.Dispose();

    private async Task SubscribeAsync(CancellationToken stopping)
    {
        try
        {
            await _client.SubscribeAsync(_topic, MqttQos.AtLeastOnce, OnMessageAsync, stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        catch (MqttException e)
        {
            _logger.LogError("Cannot subscribe to the hub's commands on {Topic}: mode switches will not arrive until a restart: {Error}", _topic, e.Message);
        }
    }

    // On the MQTT network thread: hand over and return.
    private ValueTask OnMessageAsync(MqttMessage message)
    {
        _received.Writer.TryWrite(message);
        return ValueTask.CompletedTask;
    }

    private async Task HandleAllAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var message in _received.Reader.ReadAllAsync(stopping).ConfigureAwait(false))
                Handle(message.Payload);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private void Handle(ReadOnlyMemory<byte> payload)
    {
        var now = _time.GetUtcNow();
        var read = ContractReader.ReadCommand(payload);
        if (read.Value is not { } command)
        {
            var rejection = read.Rejection!;
            if (ContractReader.CommandIdOf(payload) is { } id)
                Refuse(id, Code(rejection.Reason), rejection.Detail, now);
            else
                _logger.LogWarning("Ignored a command without a readable id on {Topic}: {Reason}", _topic, rejection);
            return;
        }

        var (lastIssuedAt, lastId) = _mode.LastCommand;
        if (!_seen.Add(command.CommandId) || command.CommandId == lastId)
        {
            Refuse(command.CommandId, CommandRefusals.Replayed, "this command id was handled before", now);
            return;
        }
        Remember(command.CommandId);
        var age = now - command.IssuedAt;
        if (age > _maxAge || -age > _maxAge)
        {
            Refuse(command.CommandId, CommandRefusals.Stale,
                $"issued at {command.IssuedAt:O}, {Math.Abs(age.TotalSeconds):0} s from the gateway's clock; at most {_maxAge.TotalSeconds:0} s are accepted", now);
            return;
        }
        if (lastIssuedAt is { } last && command.IssuedAt < last)
        {
            Refuse(command.CommandId, CommandRefusals.Superseded, $"the current mode was set by a command issued later, at {last:O}", now);
            return;
        }

        var mode = command.Mode!.Value;
        _mode.Set(mode, command.IssuedAt, command.CommandId);
        _logger.LogWarning("Gateway mode is now {Mode} (command {CommandId} issued at {IssuedAt:O}{By})", GatewayModes.Code(mode), command.CommandId, command.IssuedAt,
            command.IssuedBy is null ? "" : $" by {command.IssuedBy}");
        Answer(new CommandResult(command.CommandId, _gateway.Id, _gateway.Id, CommandOutcome.Accepted, now, Mode: mode));
    }

    private void Remember(Guid commandId)
    {
        _seenOrder.Enqueue(commandId);
        if (_seenOrder.Count > RememberedCommands)
            _seen.Remove(_seenOrder.Dequeue());
    }

    private void Refuse(Guid commandId, string reason, string detail, DateTimeOffset now)
    {
        _logger.LogWarning("Refused command {CommandId}: {Reason}: {Detail}", commandId, reason, detail);
        Answer(new CommandResult(commandId, _gateway.Id, _gateway.Id, CommandOutcome.Refused, now, reason, detail, _mode.Current));
    }

    private void Answer(CommandResult result) =>
        _outbox.Add(new OutboxMessage(OutboxPriority.State, _gateway.Id, Topics.CommandResults(_gateway.Community, _gateway.Id, _gateway.Id),
            Retain: false, HubAckId: null, ContractWriter.ToJson(result)));

    /// <summary>The snake_case code the hub counts rejections under, e.g. <c>missing_field</c>.</summary>
    private static string Code(RejectionReason reason) =>
        string.Concat(reason.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
