using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeSecurity.Upstream.Viid;

/// <summary>JSON as GA/T 1400 writes it: the standard's field names as they are, optional fields left out, numbers also read from strings (many platforms send "0").</summary>
public static class ViidJson
{
    public const string MediaType = "application/VIID+JSON";

    public static JsonSerializerOptions Options { get; } = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary><c>{"name": value}</c>, the shape of every GA/T 1400 body.</summary>
    public static byte[] Wrap<T>(string name, T value)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Options.Encoder }))
        {
            json.WriteStartObject();
            json.WritePropertyName(name);
            JsonSerializer.Serialize(json, value, Options);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>The value under <paramref name="name"/> of a body, or null with <paramref name="error"/> set.</summary>
    public static T? Unwrap<T>(ReadOnlySpan<byte> body, string name, out string? error)
        where T : class
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            var root = JsonElement.ParseValue(ref reader);
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(name, out var inner) || inner.ValueKind != JsonValueKind.Object)
            {
                error = $"the body has no {name} object";
                return null;
            }
            var value = inner.Deserialize<T>(Options);
            error = value is null ? $"{name} is null" : null;
            return value;
        }
        // A property name with a broken \u escape (a lone surrogate) throws InvalidOperationException on lookup (found by fuzzing).
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            error = $"{name}: {e.Message}";
            return null;
        }
    }
}

/// <summary>Reads <c>ResponseStatusObject</c> or <c>ResponseStatusListObject</c> answers.</summary>
public static class ViidResponse
{
    /// <summary>Codes of GA/T 1400's status list that may pass on a retry: 1 other error, 2 device busy, 3 device error, 9 restarting.</summary>
    public static bool IsTransient(int statusCode) => statusCode is 1 or 2 or 3 or 9;

    /// <summary>
    /// The statuses of an answer, or null with the reason. A status without <c>StatusCode</c> makes the whole answer
    /// unreadable: read as 0 it would count an unconfirmed object as delivered.
    /// </summary>
    public static IReadOnlyList<ResponseStatusObject>? TryParse(string text, out string? error)
    {
        const string Neither = "the answer is neither a ResponseStatusObject nor a ResponseStatusListObject";
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            List<JsonElement> items;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("ResponseStatusObject", out var single) && single.ValueKind == JsonValueKind.Object)
                items = [single];
            else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("ResponseStatusListObject", out var list) && list.ValueKind == JsonValueKind.Object
                && list.TryGetProperty("ResponseStatusObject", out var array) && array.ValueKind == JsonValueKind.Array)
                items = [.. array.EnumerateArray()];
            else
            {
                error = Neither;
                return null;
            }
            if (items.Any(i => i.ValueKind != JsonValueKind.Object || !i.TryGetProperty("StatusCode", out _)))
            {
                error = "a ResponseStatusObject has no StatusCode";
                return null;
            }
            error = null;
            return [.. items.Select(i => i.Deserialize<ResponseStatusObject>(ViidJson.Options)!)];
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a property name with a broken \u escape, found by fuzzing. The caller quotes the text itself, which says more than the parser's position.
            error = Neither;
            return null;
        }
    }

    public static byte[] Write(ResponseStatusObject status) => ViidJson.Wrap("ResponseStatusObject", status);

    public static byte[] Write(IReadOnlyList<ResponseStatusObject> statuses) => ViidJson.Wrap("ResponseStatusListObject", new ResponseStatusList(statuses));

    private sealed record ResponseStatusList(IReadOnlyList<ResponseStatusObject> ResponseStatusObject);
}
