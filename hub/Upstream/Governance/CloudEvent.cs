using System.Globalization;
using System.Text.Json;

namespace EdgeSecurity.Upstream.Governance;

/// <summary>
/// A CloudEvents 1.0 event in structured content mode (<c>application/cloudevents+json</c>): the context attributes
/// and the JSON <c>data</c> in one object. Written from the specification (no CloudEvents package is available here).
/// </summary>
public sealed record CloudEvent(string Id, string Source, string Type, string? Subject, DateTimeOffset? Time, JsonElement Data)
{
    public const string MediaType = "application/cloudevents+json";
    public const string SpecVersion = "1.0";

    // RFC 3339 date-time: a 'T', seconds, optional fraction, and a zone (Z or ±hh:mm) that is never left out.
    private static readonly string[] Rfc3339 = ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    /// <summary>The event as UTF-8 JSON; <paramref name="writeData"/> writes the value of <c>data</c>.</summary>
    public static byte[] Write(string id, string source, string type, string? subject, DateTimeOffset? time, Action<Utf8JsonWriter> writeData)
    {
        using var buffer = new MemoryStream();
        // Chinese text stays readable on the wire (and in the centre's logs) instead of \uXXXX escapes; still valid JSON.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("specversion", SpecVersion);
            json.WriteString("id", id);
            json.WriteString("source", source);
            json.WriteString("type", type);
            if (subject is not null)
                json.WriteString("subject", subject);
            if (time is { } t)
                json.WriteString("time", t.ToString("yyyy-MM-dd'T'HH:mm:ss.fffK", CultureInfo.InvariantCulture));
            json.WriteString("datacontenttype", "application/json");
            json.WritePropertyName("data");
            writeData(json);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>Reads a structured-mode event; on failure <paramref name="error"/> says what is wrong.</summary>
    public static bool TryRead(ReadOnlySpan<byte> body, out CloudEvent? cloudEvent, out string? error)
    {
        cloudEvent = null;
        JsonElement root;
        try
        {
            var reader = new Utf8JsonReader(body);
            root = JsonElement.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            error = $"not JSON: {e.Message}";
            return false;
        }
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = "the event is not a JSON object";
            return false;
        }
        if (Text(root, "specversion") != SpecVersion)
        {
            error = "specversion must be \"1.0\"";
            return false;
        }
        var id = Text(root, "id");
        var source = Text(root, "source");
        var type = Text(root, "type");
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(source) || string.IsNullOrEmpty(type))
        {
            error = "id, source and type are required non-empty strings";
            return false;
        }
        DateTimeOffset? time = null;
        if (Text(root, "time") is { } timeText)
        {
            if (!HasZone(timeText) || !DateTimeOffset.TryParseExact(timeText, Rfc3339, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                error = $"time '{timeText}' is not an RFC 3339 timestamp";
                return false;
            }
            time = parsed;
        }
        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            error = "data must be a JSON object";
            return false;
        }
        cloudEvent = new CloudEvent(id, source, type, Text(root, "subject"), time, data);
        error = null;
        return true;
    }

    // The format's K also matches no zone at all, which RFC 3339 does not allow: the time would be ambiguous.
    private static bool HasZone(string text) => text.EndsWith('Z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
