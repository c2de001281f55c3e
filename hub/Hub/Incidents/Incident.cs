using System.Text.Json.Serialization;
using EdgeSecurity.Contract;
using EdgeSecurity.Hub.Places;

namespace EdgeSecurity.Hub.Incidents;

public sealed record LocalizedName(string Zh, string En);

/// <summary>
/// What the control room sees: one incident per device and event type while it is open, repeats counted in
/// <see cref="EventCount"/>. <see cref="Tier"/> is who owns it now (community, street/town or county);
/// <see cref="DeadlineAt"/> is when it escalates if nobody moves it on. An incident from a community or gateway the hub
/// does not know is kept but quarantined (<see cref="Quarantine"/> says why) and shown to admins only. All times are
/// UTC. The same shape is returned by the API and carried by the live stream.
/// </summary>
public sealed record Incident(
    Guid Id,
    Guid EventId,
    string Community,
    string GatewayId,
    string DeviceId,
    Place Place,
    string PlacePath,
    string Type,
    LocalizedName TypeName,
    EventFamily Family,
    [property: JsonConverter(typeof(JsonNumberEnumConverter<WarningLevel>))] WarningLevel Level,
    IncidentState State,
    EscalationTier Tier,
    string? Assignee,
    DateTimeOffset? DeadlineAt,
    int EventCount,
    DateTimeOffset OccurredAt,
    DateTimeOffset LastOccurredAt,
    DateTimeOffset PublishedAt,
    DateTimeOffset ReceivedAt,
    DateTimeOffset UpdatedAt,
    EvidenceRef? Evidence,
    bool IsTest,
    string? Quarantine,
    IReadOnlyDictionary<string, string> Attributes)
{
    /// <summary>Repeats join an open incident of the same gateway, device and type; test events never join real ones.</summary>
    public static string OpenKeyOf(string community, string gatewayId, string deviceId, string type, bool isTest) =>
        $"{community}/{gatewayId}/{deviceId}/{type}{(isTest ? "/test" : "")}";

    [JsonIgnore]
    public string OpenKey => OpenKeyOf(Community, GatewayId, DeviceId, Type, IsTest);

    /// <summary>A new incident for an event just received; its id sorts by creation time (UUID v7).</summary>
    public static Incident FromEvent(EdgeEvent e, DateTimeOffset receivedAt, string? quarantine, DateTimeOffset? deadlineAt) =>
        new(Guid.CreateVersion7(receivedAt), e.EventId, e.Place.Community, e.GatewayId, e.DeviceId, e.Place, e.Place.ToString(), e.Type.Code,
            new LocalizedName(e.Type.NameZh, e.Type.NameEn), e.Type.Family, e.Level, IncidentState.Reported, EscalationTier.Community, null,
            deadlineAt, 1, e.OccurredAt.ToUniversalTime(), e.OccurredAt.ToUniversalTime(), e.PublishedAt.ToUniversalTime(), receivedAt, receivedAt,
            e.Evidence, e.IsTest, quarantine, e.Attributes ?? new Dictionary<string, string>());
}

public sealed record IncidentPage(IReadOnlyList<Incident> Items, int Page, int PageSize, long Total);

/// <summary>One edge event that is part of an incident: the first, or a repeat.</summary>
public sealed record IncidentEvent(Guid EventId, [property: JsonConverter(typeof(JsonNumberEnumConverter<WarningLevel>))] WarningLevel Level,
    DateTimeOffset OccurredAt, DateTimeOffset ReceivedAt, EvidenceRef? Evidence);

/// <summary>
/// One step of an incident's append-only audit trail: who (a login, or "system" for the hub itself), when, what, the
/// state and tier after it, and the note.
/// </summary>
public sealed record AuditEntry(long Sequence, DateTimeOffset At, string Actor, string Action, IncidentState State, EscalationTier Tier, string? Assignee, string? Note);

/// <summary>An incident with its events and its timeline, for the detail view.</summary>
public sealed record IncidentDetail(Incident Incident, IReadOnlyList<IncidentEvent> Events, IReadOnlyList<AuditEntry> Timeline);

/// <summary>One entry of the event log: an edge event as stored, and the incident it made or joined.</summary>
public sealed record LoggedEvent(Guid EventId, Guid IncidentId, string GatewayId, string DeviceId, string Type,
    [property: JsonConverter(typeof(JsonNumberEnumConverter<WarningLevel>))] WarningLevel Level, DateTimeOffset OccurredAt, DateTimeOffset ReceivedAt);

public sealed record EventLogPage(IReadOnlyList<LoggedEvent> Items, int Page, int PageSize);
