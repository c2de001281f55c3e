using System.Text.Json.Serialization;
using EdgeSecurity.Contract;

namespace EdgeSecurity.Hub.Incidents;

/// <summary>Where an incident is in its loop. Only the first step exists until acknowledgement and dispatch are built.</summary>
public enum IncidentState { Reported }

public sealed record LocalizedName(string Zh, string En);

/// <summary>
/// What the control room sees: one incident per edge event for now. All times are UTC.
/// The same shape is returned by the API and carried by the live stream.
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
    DateTimeOffset OccurredAt,
    DateTimeOffset PublishedAt,
    DateTimeOffset ReceivedAt,
    DateTimeOffset UpdatedAt,
    EvidenceRef? Evidence,
    bool IsTest,
    IReadOnlyDictionary<string, string> Attributes)
{
    public static Incident Create(EventType type, Guid id, Guid eventId, string gatewayId, string deviceId, Place place, WarningLevel level,
        IncidentState state, DateTimeOffset occurredAt, DateTimeOffset publishedAt, DateTimeOffset receivedAt, DateTimeOffset updatedAt,
        EvidenceRef? evidence, bool isTest, IReadOnlyDictionary<string, string> attributes) =>
        new(id, eventId, place.Community, gatewayId, deviceId, place, place.ToString(), type.Code, new LocalizedName(type.NameZh, type.NameEn), type.Family,
            level, state, occurredAt.ToUniversalTime(), publishedAt.ToUniversalTime(), receivedAt.ToUniversalTime(), updatedAt.ToUniversalTime(),
            evidence, isTest, attributes);

    /// <summary>A new incident for an event just received; its id sorts by creation time (UUID v7).</summary>
    public static Incident FromEvent(EdgeEvent e, DateTimeOffset receivedAt) =>
        Create(e.Type, Guid.CreateVersion7(receivedAt), e.EventId, e.GatewayId, e.DeviceId, e.Place, e.Level, IncidentState.Reported,
            e.OccurredAt, e.PublishedAt, receivedAt, receivedAt, e.Evidence, e.IsTest, e.Attributes ?? new Dictionary<string, string>());
}

public sealed record IncidentPage(IReadOnlyList<Incident> Items, int Page, int PageSize, long Total);
