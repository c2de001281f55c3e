using System.Collections.Frozen;

namespace EdgeSecurity.Contract;

/// <summary>What a topic carries; the segment after the gateway id.</summary>
public enum TopicKind
{
    /// <summary>Retained online/offline of a gateway, also its last will.</summary>
    Status,
    /// <summary>Periodic liveness of a gateway.</summary>
    Heartbeat,
    /// <summary>Something happened at a device that may become an incident.</summary>
    Events,
    /// <summary>Retained current state of a device (door open/closed, ...).</summary>
    State,
    /// <summary>Measurements of a device.</summary>
    Telemetry,
    /// <summary>From the hub to a device, or to the gateway itself when the device is the gateway's id (e.g. a mode switch).</summary>
    Commands,
    /// <summary>From a gateway to the hub: whether a command was accepted or refused, and why.</summary>
    CommandResults,
    /// <summary>From the hub to a gateway: which of its events are durably stored (or refused), so it may forget them.</summary>
    Acks,
    /// <summary>From a gateway to the hub: one evidence file (an alert's snapshot) named by its evidence URI.</summary>
    Evidence,
    /// <summary>From a gateway to the hub: a structured object (person, vehicle, e-bike) a camera's tracker confirmed, with its picture.</summary>
    Objects,
}

/// <summary>A parsed topic of the v1 tree: es/v1/{community}/{gateway}/{kind}[/{device}].</summary>
public sealed record ContractTopic(string Community, string Gateway, TopicKind Kind, string? Device)
{
    public override string ToString() => Device is null
        ? $"{Topics.Root}/{Community}/{Gateway}/{Topics.Segment(Kind)}"
        : $"{Topics.Root}/{Community}/{Gateway}/{Topics.Segment(Kind)}/{Device}";
}

/// <summary>
/// The v1 topic tree. The kind comes before the device so that one wildcard filter selects
/// one kind for all gateways, and so that broker ACLs can grant a gateway its own subtree.
/// </summary>
public static class Topics
{
    public const string Root = "es/v1";

    /// <summary>Subscription filters the hub uses.</summary>
    public const string AllStatus = Root + "/+/+/status";
    public const string AllHeartbeats = Root + "/+/+/heartbeat";
    public const string AllEvents = Root + "/+/+/events/+";
    public const string AllState = Root + "/+/+/state/+";
    public const string AllTelemetry = Root + "/+/+/telemetry/+";
    public const string AllCommandResults = Root + "/+/+/results/+";
    public const string AllEvidence = Root + "/+/+/evidence/+";
    public const string AllObjects = Root + "/+/+/objects/+";

    public static string Status(string community, string gateway) => new ContractTopic(community, gateway, TopicKind.Status, null).ToString();
    public static string Heartbeat(string community, string gateway) => new ContractTopic(community, gateway, TopicKind.Heartbeat, null).ToString();
    public static string Events(string community, string gateway, string device) => new ContractTopic(community, gateway, TopicKind.Events, device).ToString();
    public static string State(string community, string gateway, string device) => new ContractTopic(community, gateway, TopicKind.State, device).ToString();
    public static string Telemetry(string community, string gateway, string device) => new ContractTopic(community, gateway, TopicKind.Telemetry, device).ToString();
    public static string Commands(string community, string gateway, string device) => new ContractTopic(community, gateway, TopicKind.Commands, device).ToString();
    public static string CommandResults(string community, string gateway, string device) => new ContractTopic(community, gateway, TopicKind.CommandResults, device).ToString();
    public static string Acks(string community, string gateway) => new ContractTopic(community, gateway, TopicKind.Acks, null).ToString();
    public static string Evidence(string community, string gateway, string device) => new ContractTopic(community, gateway, TopicKind.Evidence, device).ToString();
    public static string Objects(string community, string gateway, string device) => new ContractTopic(community, gateway, TopicKind.Objects, device).ToString();

    internal static string Segment(TopicKind kind) => kind switch
    {
        TopicKind.Status => "status",
        TopicKind.Heartbeat => "heartbeat",
        TopicKind.Events => "events",
        TopicKind.State => "state",
        TopicKind.Telemetry => "telemetry",
        TopicKind.Commands => "commands",
        TopicKind.CommandResults => "results",
        TopicKind.Acks => "acks",
        TopicKind.Evidence => "evidence",
        TopicKind.Objects => "objects",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static readonly FrozenDictionary<string, TopicKind> KindsBySegment =
        Enum.GetValues<TopicKind>().ToFrozenDictionary(Segment, StringComparer.Ordinal);

    private static bool HasDevice(TopicKind kind) => kind is TopicKind.Events or TopicKind.State or TopicKind.Telemetry or TopicKind.Commands or TopicKind.CommandResults or TopicKind.Evidence or TopicKind.Objects;

    public static ContractTopic? TryParse(string topic, out string? reason)
    {
        var parts = topic.Split('/');
        reason = null;
        if (parts.Length < 5 || $"{parts[0]}/{parts[1]}" != Root)
        {
            reason = $"topic '{topic}' is not under {Root}/{{community}}/{{gateway}}/{{kind}}";
            return null;
        }
        if (!KindsBySegment.TryGetValue(parts[4], out var kind))
        {
            reason = $"topic '{topic}' has unknown kind '{parts[4]}'";
            return null;
        }
        var expectedLength = HasDevice(kind) ? 6 : 5;
        if (parts.Length != expectedLength)
        {
            reason = $"topic '{topic}' must have {expectedLength} levels for kind '{parts[4]}'";
            return null;
        }
        var ids = parts.Skip(2).Where((_, i) => i != 2).ToArray();
        var badId = ids.FirstOrDefault(id => !Identifiers.IsValid(id));
        if (badId is not null)
        {
            reason = $"topic '{topic}' has an invalid id '{badId}' ({Identifiers.Rule})";
            return null;
        }
        return new ContractTopic(parts[2], parts[3], kind, HasDevice(kind) ? parts[5] : null);
    }
}
