using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace EdgeSecurity.Upstream.Governance;

/// <summary>
/// Posts one record to the governance centre and says what became of it. It never throws for anything the network
/// or the centre does: every answer, or its absence, is a <see cref="DeliveryResult"/>.
/// </summary>
public sealed class GovernanceSender
{
    private const int MaximumMessageChars = 500;

    private readonly HttpClient _http;
    private readonly GovernanceSenderOptions _options;
    private readonly TimeProvider _time;

    public GovernanceSender(HttpClient http, GovernanceSenderOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _http = http;
        _options = options;
        _time = time;
    }

    /// <summary>The handler to build the sender's HttpClient on: connect timeout and, when configured, the client certificate.</summary>
    public static SocketsHttpHandler CreateHandler(GovernanceSenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            // DNS changes on the centre's side are picked up without restarting the hub.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AllowAutoRedirect = false,
        };
        if (options.ClientCertificatePath is { } path)
        {
            handler.SslOptions.ClientCertificates = [X509CertificateLoader.LoadPkcs12FromFile(path, options.ClientCertificatePassword)];
        }
        return handler;
    }

    public async Task<DeliveryResult> SendAsync(GovernanceRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var body = GovernanceRecordFormat.ToCloudEvent(record, _options.Source);
        using var request = new HttpRequestMessage(HttpMethod.Post, _options.Endpoint)
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(CloudEvent.MediaType) { CharSet = "utf-8" };
        request.Headers.Add(RequestSignature.IdempotencyKeyHeader, record.IdempotencyKey);
        RequestSignature.Sign(request, _options.Key, _time.GetUtcNow(), body);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var text = await HttpBodies.ReadTextAsync(response.Content, timeout.Token).ConfigureAwait(false);
            return Classify(response, text, record.IdempotencyKey);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DeliveryResult(DeliveryOutcome.RetryLater, null,
                string.Create(CultureInfo.InvariantCulture, $"no answer from {_options.Endpoint} within {_options.RequestTimeout.TotalSeconds:0.#} s"));
        }
        catch (HttpRequestException e)
        {
            return new DeliveryResult(DeliveryOutcome.RetryLater, null, $"could not reach {_options.Endpoint}: {e.Message}");
        }
    }

    private static DeliveryResult Classify(HttpResponseMessage response, string text, string idempotencyKey)
    {
        var status = (int)response.StatusCode;
        var retryAfter = RetryAfter(response);
        if (response.IsSuccessStatusCode)
            return Receipt(status, text, idempotencyKey);
        var message = $"{status} {response.ReasonPhrase}: {CentreMessage(text)}";
        if (status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)
            return new DeliveryResult(DeliveryOutcome.RetryLater, status, message, retryAfter);
        // A clock outside the centre's window is our problem to fix (NTP), not the record's: keep it.
        if (ErrorCode(text) == "stale_timestamp")
            return new DeliveryResult(DeliveryOutcome.RetryLater, status, $"clock skew: {message}", retryAfter);
        return new DeliveryResult(DeliveryOutcome.Dead, status, message);
    }

    /// <summary>A 2xx counts only with a receipt naming this record: a proxy's or a captive portal's 200 is not delivery.</summary>
    private static DeliveryResult Receipt(int status, string text, string idempotencyKey)
    {
        try
        {
            using var json = JsonDocument.Parse(text);
            if (json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("received", out var received) && received.ValueKind == JsonValueKind.String
                && received.GetString() == idempotencyKey)
            {
                var duplicate = json.RootElement.TryGetProperty("duplicate", out var d) && d.ValueKind == JsonValueKind.True;
                return new DeliveryResult(DeliveryOutcome.Delivered, status, duplicate ? "delivered earlier (the centre already had it)" : "delivered");
            }
        }
        catch (JsonException)
        {
            // Falls through to the answer below, which quotes the body.
        }
        return new DeliveryResult(DeliveryOutcome.RetryLater, status, $"{status} without a receipt for {idempotencyKey}: {Shorten(text)}");
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero,
        _ => null,
    };

    /// <summary>The centre's explanation: <c>message</c>/<c>detail</c>/<c>title</c> of a JSON error, else the text itself.</summary>
    private static string CentreMessage(string text)
    {
        try
        {
            using var json = JsonDocument.Parse(text);
            if (json.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var name in new[] { "message", "detail", "title", "error" })
                {
                    if (json.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                        return Shorten(value.GetString()!);
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: the text itself is the message.
        }
        return Shorten(text);
    }

    private static string? ErrorCode(string text)
    {
        try
        {
            using var json = JsonDocument.Parse(text);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String
                ? e.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Shorten(string text)
    {
        var oneLine = new StringBuilder(Math.Min(text.Length, MaximumMessageChars));
        foreach (var c in text.AsSpan(0, Math.Min(text.Length, MaximumMessageChars)))
            oneLine.Append(char.IsControl(c) ? ' ' : c);
        if (text.Length > MaximumMessageChars)
            oneLine.Append('…');
        return oneLine.Length == 0 ? "(empty body)" : oneLine.ToString();
    }
}
