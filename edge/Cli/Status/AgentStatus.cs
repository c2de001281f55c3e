using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace EdgeSecurity.Cli.Status;

public sealed record DoorStatus(string Id, bool Open, bool Armed);

/// <param name="OldestAgeSeconds">Age of the oldest message waiting; null from an agent that does not tell it.</param>
public sealed record OutboxBacklog(long Events, long States, long Telemetry, long? OldestAgeSeconds = null);

/// <summary>One device as the agent reports it (kind <c>door</c>, <c>smoke</c>, <c>sensor</c> or <c>camera</c>); unknown facts are null.</summary>
public sealed record DeviceStatus(string Id, string Kind, string State, bool Online, DateTimeOffset? LastSeenAt, bool? Fault, bool? LowBattery, double? BatteryVolts, bool? Armed);

/// <summary>One camera's health and the rates of its last telemetry interval (null before the first one ends).</summary>
public sealed record CameraStatus(string Id, string State, bool Online, double? InputFps, double? DetectFps, double? SkippedPercent, DateTimeOffset? MeasuredAt);

/// <summary>
/// The agent's answer to <c>status json</c> (or, from an older agent, to <c>status</c>: one line), taken apart into
/// fields (edge/Agent/README.md, control socket). Parts it does not know are ignored, so a newer agent that says more still parses.
/// </summary>
public sealed partial record AgentStatus(string Gateway, bool BrokerConnected, OutboxBacklog? Outbox, IReadOnlyList<DoorStatus> Doors)
{
    /// <summary><c>normal</c>, <c>heightened</c> or <c>emergency</c>; null when the agent did not say.</summary>
    public string? Mode { get; init; }

    /// <summary>Every device with its health; empty from an agent that only tells its doors.</summary>
    public IReadOnlyList<DeviceStatus> Devices { get; init; } = [];

    public IReadOnlyList<CameraStatus> Cameras { get; init; } = [];

    /// <summary>The answer to <c>status json</c> (<c>ok {json}</c>) or to <c>status</c> (one line); null for neither.</summary>
    public static AgentStatus? Parse(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return answer.StartsWith("ok {", StringComparison.Ordinal) ? ParseJson(answer[3..]) : ParseLine(answer);
    }

    private static AgentStatus? ParseJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Text(root, "gateway") is not { } gateway)
                return null;
            OutboxBacklog? outbox = root.TryGetProperty("outbox", out var o) && o.ValueKind == JsonValueKind.Object
                ? new OutboxBacklog(Whole(o, "events") ?? 0, Whole(o, "states") ?? 0, Whole(o, "telemetry") ?? 0, Whole(o, "oldestAgeSeconds"))
                : null;
            var devices = Items(root, "devices").Where(d => Text(d, "id") is not null).Select(d => new DeviceStatus(
                Text(d, "id")!, Text(d, "kind") ?? "", Text(d, "state") ?? "", Flag(d, "online") ?? false, Time(d, "lastSeenAt"),
                Flag(d, "fault"), Flag(d, "lowBattery"), Real(d, "batteryVolts"), Flag(d, "armed"))).ToList();
            var cameras = Items(root, "cameras").Where(c => Text(c, "id") is not null).Select(c => new CameraStatus(
                Text(c, "id")!, Text(c, "state") ?? "", Flag(c, "online") ?? false, Real(c, "inputFps"), Real(c, "detectFps"), Real(c, "skippedPercent"),
                Time(c, "measuredAt"))).ToList();
            var doors = devices.Where(d => d.Kind == "door").Select(d => new DoorStatus(d.Id, d.State == "open", d.Armed ?? false)).ToList();
            return new AgentStatus(gateway, Flag(root, "brokerConnected") ?? false, outbox, doors) { Mode = Text(root, "mode"), Devices = devices, Cameras = cameras };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static AgentStatus? ParseLine(string answer)
    {
        var head = HeadPattern().Match(answer);
        if (!head.Success)
            return null;
        OutboxBacklog? outbox = null;
        IReadOnlyList<DoorStatus> doors = [];
        string? mode = null;
        foreach (var part in answer.Split("; ").Skip(1))
        {
            if (OutboxPattern().Match(part) is { Success: true } counts)
                outbox = new OutboxBacklog(Number(counts, 1), Number(counts, 2), Number(counts, 3));
            else if (part.StartsWith("doors: ", StringComparison.Ordinal))
                doors = ParseDoors(part["doors: ".Length..]);
            else if (part.StartsWith("mode ", StringComparison.Ordinal))
                mode = part["mode ".Length..];
        }
        return new AgentStatus(head.Groups[1].Value, head.Groups[2].Value == "connected", outbox, doors) { Mode = mode };
    }

    private static List<DoorStatus> ParseDoors(string list) =>
        list == "none"
            ? []
            : [.. list.Split(", ").Select(d => d.Split(' ')).Where(w => w.Length >= 3).Select(w => new DoorStatus(w[0], w[1] == "open", w[2] == "armed"))];

    private static long Number(Match match, int group) => long.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    private static IEnumerable<JsonElement> Items(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object) : [];

    private static string? Text(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool? Flag(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;

    private static double? Real(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static long? Whole(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : null;

    private static DateTimeOffset? Time(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var at) ? at : null;

    [GeneratedRegex(@"^ok gateway (\S+) broker (connected|disconnected)")]
    private static partial Regex HeadPattern();

    [GeneratedRegex(@"^outbox: (\d+) events, (\d+) states, (\d+) telemetry")]
    private static partial Regex OutboxPattern();
}
