using System.Text;
using System.Text.Json;

namespace EdgeSecurity.Upstream.Governance;

public enum CallbackOutcome
{
    /// <summary>Authentic and new: apply it.</summary>
    Accepted,

    /// <summary>Authentic but already taken (the centre retried, or someone replayed it inside the window): do not apply again.</summary>
    Duplicate,

    /// <summary>Forged, stale, unknown key or unreadable: do not apply.</summary>
    Refused,
}

public sealed record CallbackVerdict(CallbackOutcome Outcome, StatusUpdate? Update, Refusal? Refusal)
{
    /// <summary>
    /// The answer for the centre: 200 <c>{"applied":true}</c>, 200 <c>{"applied":false,"reason":"replayed"}</c> (a
    /// retry must not look like a failure to the centre), or 401/400 <c>{"error":code,"message":...}</c>.
    /// </summary>
    public (int Status, string Body) ToResponse() => Outcome switch
    {
        CallbackOutcome.Accepted => (200, """{"applied":true}"""),
        CallbackOutcome.Duplicate => (200, """{"applied":false,"reason":"replayed"}"""),
        _ => (Refusal!.HttpStatus, ErrorBody(Refusal)),
    };

    internal static string ErrorBody(Refusal refusal)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("error", refusal.Code);
            json.WriteString("message", refusal.Message);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}

/// <summary>
/// For the hub's endpoint where the centre posts status updates: checks the signature, the key, the timestamp window,
/// then the body, and takes each callback id once.
/// </summary>
public sealed class StatusCallbackVerifier(SignatureVerifier signatures, ISeenIds seen, TimeProvider time)
{
    public CallbackVerdict Verify(string? keyId, string? timestamp, string? signature, ReadOnlySpan<byte> body)
    {
        if (signatures.Verify(keyId, timestamp, signature, body) is { } refusal)
            return new CallbackVerdict(CallbackOutcome.Refused, null, refusal);
        if (!CloudEvent.TryRead(body, out var cloudEvent, out var error))
            return Malformed(error!);
        if (StatusUpdateFormat.FromCloudEvent(cloudEvent!, out error) is not { } update)
            return Malformed(error!);
        // Past twice the window the timestamp check alone refuses the callback, so the id can be forgotten.
        var forgetAfter = time.GetUtcNow() + (2 * signatures.ReplayWindow);
        return seen.TryAdd($"{keyId}/{update.CallbackId}", forgetAfter)
            ? new CallbackVerdict(CallbackOutcome.Accepted, update, null)
            : new CallbackVerdict(CallbackOutcome.Duplicate, update, null);
    }

    private static CallbackVerdict Malformed(string error) =>
        new(CallbackOutcome.Refused, null, new Refusal(RefusalReason.MalformedBody, error));
}
