using System.Text.Json;

namespace EdgeSecurity.Upstream.Governance;

/// <summary>What the governance centre did with an incident it received.</summary>
public enum CentreStatus
{
    Accepted,
    Dispatched,
    Resolved,
    Closed,
}

/// <summary>
/// A status callback from the centre: CloudEvent <c>id</c> (<see cref="CallbackId"/>, unique per callback), the incident,
/// the new status, when, an optional note and the centre's own case number.
/// </summary>
public sealed record StatusUpdate(string CallbackId, string IncidentId, CentreStatus Status, DateTimeOffset At, string? Note, string? CentreReference);

/// <summary>The wire form of a status callback: a CloudEvent of type <see cref="EventType"/>, signed like a record.</summary>
public static class StatusUpdateFormat
{
    public const string EventType = "edgesecurity.incident.status.v1";

    public static byte[] ToCloudEvent(StatusUpdate update, string source)
    {
        ArgumentNullException.ThrowIfNull(update);
        return CloudEvent.Write(update.CallbackId, source, EventType, update.IncidentId, update.At, json =>
        {
            json.WriteStartObject();
            json.WriteString("incidentId", update.IncidentId);
            json.WriteString("status", StatusName(update.Status));
            json.WriteString("at", update.At);
            if (update.Note is not null)
                json.WriteString("note", update.Note);
            if (update.CentreReference is not null)
                json.WriteString("centreReference", update.CentreReference);
            json.WriteEndObject();
        });
    }

    public static string StatusName(CentreStatus status) => status.ToString().ToLowerInvariant();

    public static bool TryParseStatus(string? name, out CentreStatus status)
    {
        status = default;
        return name is not null && name.All(char.IsAsciiLetterLower) && Enum.TryParse(name, ignoreCase: true, out status);
    }

    internal static StatusUpdate? FromCloudEvent(CloudEvent cloudEvent, out string? error)
    {
        if (cloudEvent.Type != EventType)
        {
            error = $"type '{cloudEvent.Type}' is not {EventType}";
            return null;
        }
        var data = cloudEvent.Data;
        var incidentId = Text(data, "incidentId");
        if (string.IsNullOrEmpty(incidentId))
        {
            error = "data.incidentId is required";
            return null;
        }
        if (!TryParseStatus(Text(data, "status"), out var status))
        {
            error = $"data.status '{Text(data, "status")}' is not one of accepted, dispatched, resolved, closed";
            return null;
        }
        if (!data.TryGetProperty("at", out var atValue) || atValue.ValueKind != JsonValueKind.String || !atValue.TryGetDateTimeOffset(out var at))
        {
            error = "data.at is required, an ISO 8601 time with offset";
            return null;
        }
        error = null;
        return new StatusUpdate(cloudEvent.Id, incidentId, status, at, Text(data, "note"), Text(data, "centreReference"));
    }

    private static string? Text(JsonElement data, string name) =>
        data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
