using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Text;

namespace EdgeSecurity.Hub.Tests.Telemetry;

/// <summary>A tiny local HTTP server that records each request (body un-gzipped) and answers with scripted statuses, then 204.</summary>
public sealed class RecordingListener : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<(HttpStatusCode Status, string Body)> _script = new();
    private readonly Task _serving;

    public RecordingListener()
    {
        var port = FreeTcpPort.Next();
        Url = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _serving = ServeAsync();
    }

    public Uri Url { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public void Answer(HttpStatusCode status, string body = "") => _script.Enqueue((status, body));

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _serving.ContinueWith(_ => { }, TaskScheduler.Default);
        _listener.Close();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            var context = await _listener.GetContextAsync();
            var request = context.Request;
            Stream body = request.InputStream;
            var gzipped = request.Headers["Content-Encoding"] == "gzip";
            if (gzipped)
                body = new GZipStream(body, CompressionMode.Decompress);
            using var reader = new StreamReader(body, Encoding.UTF8);
            var text = await reader.ReadToEndAsync();
            Requests.Enqueue(new RecordedRequest(request.HttpMethod, request.Url!.PathAndQuery, request.Headers["Authorization"], request.Headers["Content-Encoding"], text, DateTime.UtcNow));

            var (status, answer) = _script.TryDequeue(out var scripted) ? scripted : (HttpStatusCode.NoContent, "");
            context.Response.StatusCode = (int)status;
            if (answer.Length > 0)
            {
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(answer));
            }
            context.Response.Close();
        }
    }
}

public sealed record RecordedRequest(string Method, string PathAndQuery, string? Authorization, string? ContentEncoding, string Body, DateTime At);
