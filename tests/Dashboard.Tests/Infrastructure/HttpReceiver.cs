using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Dashboard.Tests.Infrastructure;

/// <summary>One request as the receiver got it.</summary>
public sealed record ReceivedRequest(string Path, IReadOnlyDictionary<string, string> Query, IReadOnlyDictionary<string, string> Headers, string ContentType, string Body);

/// <summary>
/// A local HTTP server standing in for a webhook receiver, an SMS gateway, and the WeCom and DingTalk robot servers:
/// it records every POST and answers what <see cref="Answer"/> says for its path and query (by default 200 with the
/// robots' {"errcode":0,"errmsg":"ok"}). No internet.
/// </summary>
public sealed class HttpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();

    private HttpReceiver(WebApplication app) => _app = app;

    public Uri BaseAddress => new(_app.Urls.Single() + "/");

    public Func<ReceivedRequest, int, (int Status, string Body)> Answer { get; set; } = (_, _) => (200, """{"errcode":0,"errmsg":"ok"}""");

    /// <summary>Paths whose requests get no answer until the caller gives up: a receiver that hangs.</summary>
    public ConcurrentDictionary<string, bool> Hanging { get; } = new();

    public IReadOnlyList<ReceivedRequest> Received => [.. _received];

    public IReadOnlyList<ReceivedRequest> ReceivedAt(string path) => [.. _received.Where(r => r.Path == path)];

    public static async Task<HttpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseSetting(Microsoft.AspNetCore.Hosting.WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new HttpReceiver(app);
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var request = new ReceivedRequest(
                context.Request.Path.Value!,
                context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                context.Request.ContentType ?? "",
                await reader.ReadToEndAsync());
            receiver._received.Enqueue(request);
            if (receiver.Hanging.ContainsKey(request.Path))
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            var (status, body) = receiver.Answer(request, receiver._received.Count(r => r.Path == request.Path));
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body);
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
