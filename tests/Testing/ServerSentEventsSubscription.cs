using System.Text;

namespace EdgeSecurity.Testing;

public sealed record ServerSentEvent(string Type, string Data);

/// <summary>
/// A text/event-stream response read the way a browser's EventSource reads it (event, data, blank line;
/// a block without data is not an event). Opening returns once the response headers are in, so a caller
/// can cause an event knowing the server already counts it as a subscriber.
/// </summary>
public sealed class ServerSentEventsSubscription : IDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private ServerSentEventsSubscription(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public static async Task<ServerSentEventsSubscription> OpenAsync(HttpClient http, string url, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("text/event-stream");
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        try
        {
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            return new ServerSentEventsSubscription(response, new StreamReader(body, Encoding.UTF8));
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>The next event that satisfies <paramref name="accept"/> (all by default); others are skipped.</summary>
    public async Task<ServerSentEvent> NextAsync(Func<ServerSentEvent, bool>? accept = null, CancellationToken ct = default)
    {
        while (true)
        {
            var next = await ReadEventAsync(ct).ConfigureAwait(false)
                ?? throw new EndOfStreamException("the server closed the event stream");
            if (accept is null || accept(next))
                return next;
        }
    }

    private async Task<ServerSentEvent?> ReadEventAsync(CancellationToken ct)
    {
        var type = "message";
        var data = new StringBuilder();
        while (await _reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0)
                    return new ServerSentEvent(type, data.ToString());
                type = "message";
            }
            else if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                type = line[6..].Trim();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                if (data.Length > 0)
                    data.Append('\n');
                data.Append(line[5..].TrimStart());
            }
        }
        return null;
    }

    public void Dispose()
    {
        _reader.Dispose();
        _response.Dispose();
    }
}
