using System.Globalization;
using System.Text.Json;
using EdgeSecurity.Agent.Cameras;
using EdgeSecurity.Agent.Commissioning;
using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Agent.Doors;
using EdgeSecurity.Agent.Gateway;
using EdgeSecurity.Agent.Modes;
using EdgeSecurity.Agent.Outbox;
using EdgeSecurity.Agent.Rules;
using EdgeSecurity.Agent.SmokeDetectors;
using EdgeSecurity.Contract;

namespace EdgeSecurity.Agent.Control;

/// <summary>
/// The operator's line protocol: one command per line, one answer line starting with <c>ok</c> or <c>error:</c>.
/// It moves the wires of simulated doors (so an installer can test the path from a door to the hub end to end) and
/// switches devices into test mode or maintenance.
/// </summary>
public sealed class ControlCommands(
    AgentConfig config,
    DoorContacts doors,
    SensorCommands sensors,
    IBrokerConnectionState broker,
    DurableOutbox outbox,
    DeviceOverrides overrides,
    GatewayModeState mode,
    CommissioningCommands commissioning,
    TimeProvider time,
    CameraService? cameras = null)
{
    public const string Usage = "open <doorId>, close <doorId>, release <doorId>, tamper <doorId> open|closed, "
        + "test on|off <deviceId|all>, maintenance <deviceId|all> <minutes>|off, " + SensorCommands.Usage + ", " + CommissioningCommands.Usage + ", status [json], help";

    private const int DoorsListedInErrors = 10;
    private const int MaxMaintenanceMinutes = 7 * 24 * 60;

    public async Task<string> ExecuteAsync(string line)
    {
        var words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
            return $"error: empty command; expected one of: {Usage}";
        return (words[0], words.Length) switch
        {
            ("open", 2) => await WithDoorAsync(words[1], OpenAsync).ConfigureAwait(false),
            ("close", 2) => await WithDoorAsync(words[1], CloseAsync).ConfigureAwait(false),
            ("release", 2) => await WithDoorAsync(words[1], ReleaseAsync).ConfigureAwait(false),
            ("tamper", 3) => await WithDoorAsync(words[1], door => Task.FromResult(Tamper(door, words[2]))).ConfigureAwait(false),
            ("test", 3) => Test(words[1], words[2]),
            ("maintenance", 3) => Maintenance(words[1], words[2]),
            ("smoke", _) => sensors.Smoke(words),
            ("sensors", 1) => sensors.Status(),
            ("walktest" or "testalarm", _) => await commissioning.ExecuteAsync(words).ConfigureAwait(false),
            ("status", 1) => Status(),
            ("status", 2) when words[1] == "json" => "ok " + JsonSerializer.Serialize(StatusDocument(), GatewayStatusJsonContext.Default.GatewayStatus),
            ("help", 1) => $"ok commands: {Usage}",
            ("open" or "close" or "release", _) => $"error: '{words[0]}' takes exactly one door id; expected: {words[0]} <doorId>",
            ("tamper", _) => "error: expected: tamper <doorId> open|closed",
            ("test", _) => "error: expected: test on|off <deviceId|all>",
            ("maintenance", _) => "error: expected: maintenance <deviceId|all> <minutes>|off",
            ("status", _) => "error: expected: status [json]",
            ("help" or "sensors", _) => $"error: '{words[0]}' takes no arguments",
            _ => $"error: unknown command '{Shorten(words[0])}'; expected one of: {Usage}",
        };
    }

    private async Task<string> WithDoorAsync(string id, Func<DoorContact, Task<string>> action)
    {
        var door = doors.Find(id);
        if (door is not null)
        {
            try
            {
                return await action(door).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return $"error: door {door.Id} did not take the change of its line in time; see the agent's log";
            }
        }
        var known = string.Join(", ", doors.All.Take(DoorsListedInErrors).Select(d => d.Id));
        var more = doors.All.Count > DoorsListedInErrors ? ", …" : "";
        return doors.All.Count == 0
            ? $"error: unknown door '{Shorten(id)}'; this gateway has no doors configured"
            : $"error: unknown door '{Shorten(id)}'; known doors: {known}{more}";
    }

    private string NotSimulated(DoorContact door) => doors.FaultOf(door) is { } fault
        ? $"error: door {door.Id} is out of service: {fault}"
        : $"error: door {door.Id} is a GPIO door; it moves only with its real contact";

    // The event id lets an operator find the alarm at the hub; the answer comes once the event is in the durable outbox.
    private async Task<string> OpenAsync(DoorContact door) => await doors.MoveSimulatedAsync(door, DoorPosition.Open).ConfigureAwait(false) switch
    {
        null => NotSimulated(door),
        { Outcome: ContactOutcome.ForcedOpen, EventId: var eventId } => $"ok {door.Id} open; forced opening reported as event {eventId}",
        { Outcome: ContactOutcome.Opened } => $"ok {door.Id} open",
        _ => $"ok {door.Id} already open",
    };

    private async Task<string> CloseAsync(DoorContact door) => await doors.MoveSimulatedAsync(door, DoorPosition.Closed).ConfigureAwait(false) switch
    {
        null => NotSimulated(door),
        { Outcome: ContactOutcome.Closed } => $"ok {door.Id} closed",
        _ => $"ok {door.Id} already closed",
    };

    /// <summary>
    /// A simulated door's release line is pulsed; for a GPIO door this is an unlock through an API (e.g. a bridge to a
    /// networked access controller or a remote unlock), taken as a release signal as such.
    /// </summary>
    private async Task<string> ReleaseAsync(DoorContact door)
    {
        if (!await doors.ReleaseSimulatedAsync(door).ConfigureAwait(false))
        {
            if (doors.FaultOf(door) is not null)
                return NotSimulated(door);
            door.Released(time.GetUtcNow());
        }
        return $"ok {door.Id} released; an opening within {door.Config.ReleaseWindow.TotalSeconds:0} s is legitimate";
    }

    private string Tamper(DoorContact door, string state)
    {
        if (state is not ("open" or "closed"))
            return $"error: tamper loop state '{Shorten(state)}'; expected: tamper <doorId> open|closed";
        return doors.SetSimulatedTamperLoop(door, intact: state == "closed") ? $"ok {door.Id} tamper loop {state}" : NotSimulated(door);
    }

    private string Test(string onOff, string device)
    {
        if (onOff is not ("on" or "off"))
            return $"error: '{Shorten(onOff)}'; expected: test on|off <deviceId|all>";
        if (device != DeviceOverrides.AllDevices && !Identifiers.IsValid(device))
            return $"error: '{Shorten(device)}' is not a device id ({Identifiers.Rule}) or 'all'";
        overrides.SetTest(device, onOff == "on");
        return onOff == "on"
            ? $"ok test mode on for {device}: its events are marked as tests"
            : $"ok test mode off for {device}";
    }

    private string Maintenance(string device, string duration)
    {
        if (device != DeviceOverrides.AllDevices && !Identifiers.IsValid(device))
            return $"error: '{Shorten(device)}' is not a device id ({Identifiers.Rule}) or 'all'";
        var now = time.GetUtcNow();
        if (duration == "off")
        {
            overrides.SetMaintenance(device, now);
            return $"ok maintenance off for {device}";
        }
        if (!int.TryParse(duration, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) || minutes is < 1 or > MaxMaintenanceMinutes)
            return $"error: '{Shorten(duration)}'; expected: maintenance <deviceId|all> <minutes from 1 to {MaxMaintenanceMinutes}>|off";
        var until = now.AddMinutes(minutes);
        overrides.SetMaintenance(device, until);
        return $"ok maintenance for {device} until {until:yyyy-MM-ddTHH:mm:ssZ}: its events are suppressed";
    }

    private string Status()
    {
        var now = time.GetUtcNow();
        var connection = broker.IsConnected ? "connected" : "disconnected";
        var backlog = outbox.Backlog();
        var doorStates = doors.All.Select(d => doors.FaultOf(d) is null
            ? $"{d.Id} {DoorStates.Of(d.Position)} {(d.ArmedBy(now) is null ? "disarmed" : "armed")}"
            : $"{d.Id} {DoorStates.Of(d.Position)} out-of-service");
        var tests = overrides.TestDevices();
        var maintenance = overrides.MaintenancePeriods(now);
        return $"ok gateway {config.Gateway.Id} broker {connection}; "
            + $"outbox: {backlog.Events} events, {backlog.States} states, {backlog.Telemetry} telemetry waiting; "
            + $"doors: {(doors.All.Count == 0 ? "none" : string.Join(", ", doorStates))}"
            + $"; mode {GatewayModes.Code(mode.Current)}"
            + (tests.Count == 0 ? "" : $"; test mode: {string.Join(", ", tests)}")
            + (maintenance.Count == 0 ? "" : $"; maintenance: {string.Join(", ", maintenance.Select(m => $"{m.Device} until {m.Until:yyyy-MM-ddTHH:mm:ssZ}"))}");
    }

    /// <summary>The status as one JSON object: the gateway, its outbox and every device, cameras with their rates.</summary>
    private GatewayStatus StatusDocument()
    {
        var now = time.GetUtcNow();
        var backlog = outbox.Backlog();
        var cameraStatuses = cameras?.Statuses() ?? [];
        IReadOnlyList<DeviceStatus> devices =
        [
            .. doors.All.Select(d => doors.FaultOf(d) is { } fault
                ? new DeviceStatus(d.Id, "door", "out-of-service", false, d.LastChangeAt, Fault: true, Armed: d.ArmedBy(now) is not null, Problem: fault)
                : new DeviceStatus(d.Id, "door", DoorStates.Of(d.Position), true, d.LastChangeAt, Armed: d.ArmedBy(now) is not null)),
            .. sensors.Devices(),
            .. cameraStatuses.Select(c => new DeviceStatus(c.Id, "camera", c.State, c.Online, c.LastFrameAt)),
        ];
        return new GatewayStatus(config.Gateway.Id, config.Gateway.Community, broker.IsConnected, GatewayModes.Code(mode.Current),
            new GatewayOutboxStatus(backlog.Events, backlog.States, backlog.Telemetry, backlog.OldestAgeSeconds, backlog.ThinnedTelemetry),
            devices, cameraStatuses, overrides.TestDevices(), [.. overrides.MaintenancePeriods(now).Select(m => new MaintenanceStatus(m.Device, m.Until))]);
    }

    /// <summary>What an operator typed, made safe to echo into an answer line and the log: no control characters, bounded.</summary>
    internal static string Shorten(string text)
    {
        var printable = string.Concat(text.Select(c => char.IsControl(c) ? '?' : c));
        return printable.Length <= 64 ? printable : printable[..64] + "…";
    }
}
