using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeSecurity.Upstream.Governance;

/// <summary>The wire form of a <see cref="GovernanceRecord"/>: a CloudEvent of type <see cref="EventType"/> whose data is the record in camelCase JSON.</summary>
public static class GovernanceRecordFormat
{
    public const string EventType = "edgesecurity.incident.v1";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        // A record missing a field, or with null where none is allowed, is refused rather than read half-empty.
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>
    /// The request body. Built only from the record (the event time is the record's <c>updatedAt</c>, not the time of
    /// sending), so every retry sends the same bytes.
    /// </summary>
    public static byte[] ToCloudEvent(GovernanceRecord record, string source) =>
        CloudEvent.Write(record.IdempotencyKey, source, EventType, record.IncidentId, record.UpdatedAt,
            json => JsonSerializer.Serialize(json, record, Json));

    /// <summary>Reads the record from an event's data; null when it is not a record.</summary>
    public static GovernanceRecord? FromCloudEvent(CloudEvent cloudEvent, out string? error)
    {
        if (cloudEvent.Type != EventType)
        {
            error = $"type '{cloudEvent.Type}' is not {EventType}";
            return null;
        }
        try
        {
            var record = cloudEvent.Data.Deserialize<GovernanceRecord>(Json);
            if (record is null || string.IsNullOrEmpty(record.IncidentId) || string.IsNullOrEmpty(record.Type))
            {
                error = "data.incidentId and data.type must not be empty";
                return null;
            }
            if (record.Level is < 1 or > 3 || record.Revision < 1)
            {
                error = $"data.level {record.Level} must be 1-3 and data.revision {record.Revision} at least 1";
                return null;
            }
            if (record.IdempotencyKey != cloudEvent.Id)
            {
                error = $"id '{cloudEvent.Id}' is not incidentId:revision ({record.IdempotencyKey})";
                return null;
            }
            error = null;
            return record;
        }
        catch (JsonException e)
        {
            error = $"data is not a record: {e.Message}";
            return null;
        }
    }
}
