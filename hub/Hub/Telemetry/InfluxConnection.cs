using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace EdgeSecurity.Hub.Telemetry;

/// <summary>The HTTP client for one InfluxDB and what every request to it shares: addresses, token, error messages.</summary>
public sealed class InfluxConnection : IDisposable
{
    private const int MaxErrorChars = 500;
    private readonly bool _ownsHttp;
    private readonly Uri _base;

    /// <summary>Uses <paramref name="http"/> when given (tests), else its own pooled client with the configured timeout.</summary>
    public InfluxConnection(TelemetrySettings settings, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        _ownsHttp = http is null;
        Http = http ?? new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = settings.RequestTimeout,
        };
        // A base ending in "/" keeps a path prefix (InfluxDB behind a proxy at /influx) when relative paths are added.
        _base = settings.Url.AbsoluteUri.EndsWith('/') ? settings.Url : new Uri(settings.Url.AbsoluteUri + "/");
        var precision = settings.Precision.ToQueryValue();
        WriteUri = settings.UsesV2Api
            ? new Uri(_base, $"api/v2/write?org={Uri.EscapeDataString(settings.Org!)}&bucket={Uri.EscapeDataString(settings.Bucket!)}&precision={precision}")
            : new Uri(_base, $"write?db={Uri.EscapeDataString(settings.Database)}&precision={precision}");
    }

    public TelemetrySettings Settings { get; }

    public HttpClient Http { get; }

    public Uri WriteUri { get; }

    public Uri QueryUri(string parameters) => new(_base, $"query?{parameters}");

    /// <summary>Adds the token, when configured, as v2 expects it (InfluxDB 1.8+ accepts the same header).</summary>
    public void Authorize(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!string.IsNullOrWhiteSpace(Settings.Token))
            request.Headers.Authorization = new AuthenticationHeaderValue("Token", Settings.Token);
    }

    /// <summary>The server's own words: the JSON "error" field, else the X-Influxdb-Error header, else the start of the body.</summary>
    public static async Task<string> ReadErrorAsync(HttpResponseMessage response, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        var message = ErrorField(body)
            ?? (response.Headers.TryGetValues("X-Influxdb-Error", out var header) ? string.Join("; ", header) : null)
            ?? (body.Length > MaxErrorChars ? body[..MaxErrorChars] + "…" : body);
        return new StringBuilder().Append((int)response.StatusCode).Append(' ').Append(response.ReasonPhrase)
            .Append(": ").Append(string.IsNullOrWhiteSpace(message) ? "(no message)" : message).ToString();
    }

    public void Dispose()
    {
        if (_ownsHttp)
            Http.Dispose();
    }

    private static string? ErrorField(string body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, InfluxJsonContext.Default.InfluxErrorBody)?.Error;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
