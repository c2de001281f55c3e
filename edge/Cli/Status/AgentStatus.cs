using System.Globalization;
using System.Text.RegularExpressions;

namespace EdgeSecurity.Cli.Status;

public sealed record DoorStatus(string Id, bool Open, bool Armed);

public sealed record OutboxBacklog(long Events, long States, long Telemetry);

/// <summary>
/// The agent's one-line answer to <c>status</c> (edge/Agent/README.md, control socket), taken apart into fields.
/// Parts it does not know are ignored, so a newer agent that says more still parses.
/// </summary>
public sealed partial record AgentStatus(string Gateway, bool BrokerConnected, OutboxBacklog? Outbox, IReadOnlyList<DoorStatus> Doors)
{
    public static AgentStatus? Parse(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var head = HeadPattern().Match(answer);
        if (!head.Success)
            return null;
        OutboxBacklog? outbox = null;
        IReadOnlyList<DoorStatus> doors = [];
        foreach (var part in answer.Split("; ").Skip(1))
        {
            if (OutboxPattern().Match(part) is { Success: true } counts)
                outbox = new OutboxBacklog(Number(counts, 1), Number(counts, 2), Number(counts, 3));
            else if (part.StartsWith("doors: ", StringComparison.Ordinal))
                doors = ParseDoors(part["doors: ".Length..]);
        }
        return new AgentStatus(head.Groups[1].Value, head.Groups[2].Value == "connected", outbox, doors);
    }

    private static List<DoorStatus> ParseDoors(string list) =>
        list == "none"
            ? []
            : [.. list.Split(", ").Select(d => d.Split(' ')).Where(w => w.Length >= 3).Select(w => new DoorStatus(w[0], w[1] == "open", w[2] == "armed"))];

    private static long Number(Match match, int group) => long.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^ok gateway (\S+) broker (connected|disconnected)")]
    private static partial Regex HeadPattern();

    [GeneratedRegex(@"^outbox: (\d+) events, (\d+) states, (\d+) telemetry")]
    private static partial Regex OutboxPattern();
}
