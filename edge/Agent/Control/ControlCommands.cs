using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Agent.Doors;
using EdgeSecurity.Agent.Gateway;
using EdgeSecurity.Agent.Outbox;
using EdgeSecurity.Agent.SmokeDetectors;

namespace EdgeSecurity.Agent.Control;

/// <summary>
/// The operator's line protocol: one command per line, one answer line starting with <c>ok</c> or <c>error:</c>.
/// It drives the simulated door source, so an installer can test the path from a door to the hub end to end.
/// </summary>
public sealed class ControlCommands(
    AgentConfig config, DoorContacts doors, SensorCommands sensors, IBrokerConnectionState broker, DurableOutbox outbox, TimeProvider time)
{
    public const string Usage = "open <doorId>, close <doorId>, release <doorId>, " + SensorCommands.Usage + ", status, help";

    private const int DoorsListedInErrors = 10;

    public string Execute(string line)
    {
        var words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
            return $"error: empty command; expected one of: {Usage}";
        return (words[0], words.Length) switch
        {
            ("open", 2) => WithDoor(words[1], Open),
            ("close", 2) => WithDoor(words[1], Close),
            ("release", 2) => WithDoor(words[1], Release),
            ("smoke", _) => sensors.Smoke(words),
            ("sensors", 1) => sensors.Status(),
            ("status", 1) => Status(),
            ("help", 1) => $"ok commands: {Usage}",
            ("open" or "close" or "release", _) => $"error: '{words[0]}' takes exactly one door id; expected: {words[0]} <doorId>",
            ("status" or "help" or "sensors", _) => $"error: '{words[0]}' takes no arguments",
            _ => $"error: unknown command '{Shorten(words[0])}'; expected one of: {Usage}",
        };
    }

    private string WithDoor(string id, Func<DoorContact, string> action)
    {
        var door = doors.Find(id);
        if (door is not null)
            return action(door);
        var known = string.Join(", ", doors.All.Take(DoorsListedInErrors).Select(d => d.Id));
        var more = doors.All.Count > DoorsListedInErrors ? ", …" : "";
        return doors.All.Count == 0
            ? $"error: unknown door '{Shorten(id)}'; this gateway has no doors configured"
            : $"error: unknown door '{Shorten(id)}'; known doors: {known}{more}";
    }

    // The event id lets an operator find the alarm at the hub; the answer comes once the event is in the durable outbox.
    private string Open(DoorContact door) => door.ContactChanged(DoorPosition.Open, time.GetUtcNow()) switch
    {
        { Outcome: ContactOutcome.ForcedOpen, EventId: var eventId } => $"ok {door.Id} open; forced opening reported as event {eventId}",
        { Outcome: ContactOutcome.Opened } => $"ok {door.Id} open",
        _ => $"ok {door.Id} already open",
    };

    private string Close(DoorContact door) => door.ContactChanged(DoorPosition.Closed, time.GetUtcNow()).Outcome switch
    {
        ContactOutcome.Closed => $"ok {door.Id} closed",
        _ => $"ok {door.Id} already closed",
    };

    private string Release(DoorContact door)
    {
        door.Released(time.GetUtcNow());
        return $"ok {door.Id} released; an opening within {door.Config.ReleaseWindow.TotalSeconds:0} s is legitimate";
    }

    private string Status()
    {
        var connection = broker.IsConnected ? "connected" : "disconnected";
        var backlog = outbox.Backlog();
        var doorStates = doors.All.Select(d => $"{d.Id} {DoorStates.Of(d.Position)} {(d.Config.Armed ? "armed" : "disarmed")}");
        return $"ok gateway {config.Gateway.Id} broker {connection}; "
            + $"outbox: {backlog.Events} events, {backlog.States} states, {backlog.Telemetry} telemetry waiting; "
            + $"doors: {(doors.All.Count == 0 ? "none" : string.Join(", ", doorStates))}";
    }

    /// <summary>What an operator typed, made safe to echo into an answer line and the log: no control characters, bounded.</summary>
    internal static string Shorten(string text)
    {
        var printable = string.Concat(text.Select(c => char.IsControl(c) ? '?' : c));
        return printable.Length <= 64 ? printable : printable[..64] + "…";
    }
}
