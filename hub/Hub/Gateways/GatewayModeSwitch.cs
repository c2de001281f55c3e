using EdgeSecurity.Bindings.Mosquitto;
using EdgeSecurity.Contract;
using EdgeSecurity.Hub.Access;
using EdgeSecurity.Hub.Ingestion;
using EdgeSecurity.Hub.People;

namespace EdgeSecurity.Hub.Gateways;

public enum ModeSwitchOutcome { Sent, Invalid, NotFound, Forbidden, Unavailable }

/// <summary>
/// Switches a gateway between normal, heightened and emergency mode: the command is recorded with who sent it, then
/// published on the gateway's command topic; the gateway's answer (accepted or refused with a reason) is recorded
/// when it arrives. Only people who run the incident loop for the gateway's community may do it.
/// </summary>
public sealed class GatewayModeSwitch(GatewayStore gateways, GatewayCommandStore commands, MqttIngestion mqtt, TimeProvider clock, ILogger<GatewayModeSwitch> logger)
{
    public const int MaxNoteLength = 500;

    private static readonly Role[] MaySwitch = [Role.PropertyOperator, Role.StreetOperator, Role.CountyOperator, Role.Admin];

    public async Task<(ModeSwitchOutcome Outcome, GatewayCommand? Command, string? Reason)> SwitchAsync(SignedIn me, string gatewayId, ModeRequest request, CancellationToken ct)
    {
        if (GatewayModes.Parse(request.Mode) is not { } mode)
            return (ModeSwitchOutcome.Invalid, null, "'mode' must be normal, heightened or emergency");
        var note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        if (note is { Length: > MaxNoteLength })
            return (ModeSwitchOutcome.Invalid, null, $"'note' is longer than {MaxNoteLength} characters");
        var gateway = (await gateways.ListAsync(ct).ConfigureAwait(false)).FirstOrDefault(g => g.GatewayId == gatewayId);
        if (gateway is null || !me.CoversCommunity(gateway.Community))
            return (ModeSwitchOutcome.NotFound, null, $"no gateway {gatewayId} that you may see");
        if (!MaySwitch.Contains(me.Person.Role))
            return (ModeSwitchOutcome.Forbidden, null, $"a {ApiNames.Of(me.Person.Role)} may not switch gateway modes");

        var command = new GatewayCommand(Guid.CreateVersion7(clock.GetUtcNow()), gateway.GatewayId, gateway.Community, ContractReader.SetModeCommand, mode,
            clock.GetUtcNow(), me.Person.Login, note, CommandStatus.Sent, null, null, null);
        await commands.AddAsync(command, ct).ConfigureAwait(false);
        try
        {
            var payload = ContractWriter.ToJson(new HubCommand(command.CommandId, command.IssuedAt, command.Command, mode, me.Person.Name));
            await mqtt.PublishAsync(Topics.Commands(gateway.Community, gateway.GatewayId, gateway.GatewayId), payload, ct).ConfigureAwait(false);
        }
        catch (MqttException e)
        {
            // Recorded but not sent: it stays "sent" without an answer, and the gateway would refuse it as stale later anyway.
            logger.LogWarning("Could not send the mode command {CommandId} to {Gateway}: {Error}", command.CommandId, gateway.GatewayId, e.Message);
            return (ModeSwitchOutcome.Unavailable, command, e.Message);
        }
        logger.LogInformation("{Login} switched gateway {Gateway} to {Mode} (command {CommandId})", me.Person.Login, gateway.GatewayId, GatewayModes.Code(mode), command.CommandId);
        return (ModeSwitchOutcome.Sent, command, null);
    }
}
