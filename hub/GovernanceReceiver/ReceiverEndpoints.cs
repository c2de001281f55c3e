using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using EdgeSecurity.Upstream.Governance;

namespace EdgeSecurity.GovernanceReceiver;

/// <summary>
/// POST /api/records (signed incident records in), GET /api/records (what was kept), POST /api/status (send a signed
/// status update to the hub), GET /health.
/// </summary>
public static class ReceiverEndpoints
{
    private const int MaximumBodyBytes = 16 * 1024 * 1024;

    public static void MapReceiverEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var settings = app.Services.GetRequiredService<ReceiverSettings>();
        var time = app.Services.GetRequiredService<TimeProvider>();
        var verifier = new SignatureVerifier(new SigningKeyRing(settings.Keys), settings.ReplayWindow, time);
        var store = app.Services.GetRequiredService<RecordStore>();
        var log = app.Logger;

        app.MapPost("/api/records", async (HttpRequest request) =>
        {
            if (request.ContentType is not { } type || !type.StartsWith(CloudEvent.MediaType, StringComparison.OrdinalIgnoreCase))
                return Error(415, "unsupported_media_type", $"Content-Type must be {CloudEvent.MediaType}");
            var body = await ReadBodyAsync(request).ConfigureAwait(false);
            if (body is null)
                return Error(413, "too_large", $"the body exceeds {MaximumBodyBytes} bytes");
            var keyId = request.Headers[RequestSignature.KeyIdHeader].ToString();
            if (verifier.Verify(keyId, request.Headers[RequestSignature.TimestampHeader], request.Headers[RequestSignature.SignatureHeader], body) is { } refusal)
            {
                log.LogWarning("Refused a record: {Code}: {Message}", refusal.Code, refusal.Message);
                return Error(refusal.HttpStatus, refusal.Code, refusal.Message);
            }
            if (!CloudEvent.TryRead(body, out var cloudEvent, out var error) || GovernanceRecordFormat.FromCloudEvent(cloudEvent!, out error) is not { } record)
            {
                log.LogWarning("Refused a signed record from key {KeyId}: {Error}", keyId, error);
                return Error(400, "malformed_body", error!);
            }
            var idempotencyKey = request.Headers[RequestSignature.IdempotencyKeyHeader].ToString();
            if (idempotencyKey.Length > 0 && idempotencyKey != record.IdempotencyKey)
                return Error(400, "malformed_body", $"{RequestSignature.IdempotencyKeyHeader} '{idempotencyKey}' differs from the event id '{record.IdempotencyKey}'");

            var isNew = store.Add(record.IdempotencyKey, record.IncidentId, record.Revision, keyId, time.GetUtcNow(), Encoding.UTF8.GetString(body));
            log.LogInformation("{What} record {Key} ({Type}, level {Level}, {Place})",
                isNew ? "Kept" : "Duplicate", record.IdempotencyKey, record.Type, record.Level, record.Place.Path);
            return Results.Json(new { received = record.IdempotencyKey, duplicate = !isNew });
        });

        app.MapGet("/api/records", () => Results.Json(store.List().Select(r => new
        {
            r.IdempotencyKey,
            r.IncidentId,
            r.Revision,
            r.KeyId,
            r.ReceivedAt,
            r.Duplicates,
            @event = JsonDocument.Parse(r.EventJson).RootElement,
        })));

        app.MapPost("/api/status", async (StatusRequest? request, IHttpClientFactory clients, CancellationToken cancellationToken) =>
        {
            if (settings.HubStatusUrl is null || settings.HubKey is null)
                return Error(409, "no_hub", "set Receiver:Hub:StatusUrl, Receiver:Hub:KeyId and Receiver:Hub:Secret to post status updates");
            if (request is null || string.IsNullOrEmpty(request.IncidentId) || !StatusUpdateFormat.TryParseStatus(request.Status, out var status))
                return Error(400, "malformed_body", "expected {\"incidentId\", \"status\": accepted|dispatched|resolved|closed, \"note\"?, \"centreReference\"?, \"callbackId\"?}");
            var update = new StatusUpdate(request.CallbackId ?? Guid.CreateVersion7().ToString(), request.IncidentId, status, time.GetUtcNow(), request.Note, request.CentreReference);
            var body = StatusUpdateFormat.ToCloudEvent(update, settings.Source);
            using var message = new HttpRequestMessage(HttpMethod.Post, settings.HubStatusUrl) { Content = new ByteArrayContent(body) };
            message.Content.Headers.ContentType = new MediaTypeHeaderValue(CloudEvent.MediaType) { CharSet = "utf-8" };
            RequestSignature.Sign(message, settings.HubKey, time.GetUtcNow(), body);
            try
            {
                using var answer = await clients.CreateClient().SendAsync(message, cancellationToken).ConfigureAwait(false);
                var text = await answer.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                return Results.Json(new { callbackId = update.CallbackId, hubStatus = (int)answer.StatusCode, hubAnswer = text });
            }
            catch (HttpRequestException e)
            {
                return Error(502, "hub_unreachable", $"could not reach {settings.HubStatusUrl}: {e.Message}");
            }
        });

        app.MapGet("/health", () => Results.Json(new { status = "healthy" }));
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaximumBodyBytes)
                return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static IResult Error(int status, string code, string message) =>
        Results.Json(new { error = code, message }, statusCode: status);
}

public sealed record StatusRequest(string? IncidentId, string? Status, string? Note, string? CentreReference, string? CallbackId);
