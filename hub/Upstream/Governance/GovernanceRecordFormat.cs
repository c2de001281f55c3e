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
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
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
            if (record is null || string.IsNullOrEmpty(record.IncidentId) || record.Place is null || record.History is null || record.Evidence is null)
            {
                error = "data lacks incidentId, place, history or evidence";
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
