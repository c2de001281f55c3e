using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;

namespace EdgeSecurity.Hub.Tests.Infrastructure;

/// <summary>The real hub, built by <see cref="HubApp"/> as Program builds it, on Kestrel at a free loopback port.</summary>
public sealed class HubHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HubHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        Http = new HttpClient { BaseAddress = baseAddress };
    }

    public HttpClient Http { get; }

    public static async Task<HubHost> StartAsync(int mqttPort, string databasePath)
    {
        var app = HubApp.Build(
        [
            "--urls", "http://127.0.0.1:0",
            $"--Hub:Mqtt:Port={mqttPort}",
            // Several hubs share one broker in these tests; each needs its own session.
            $"--Hub:Mqtt:ClientId=hub-test-{Guid.NewGuid():N}",
            $"--Hub:Storage:SqlitePath={databasePath}",
            "--Hub:Mqtt:ReconnectMaxDelay=00:00:01",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await app.StartAsync();
        return new HubHost(app, new Uri(app.Urls.Single()));
    }

    public async Task<JsonObject> GetObjectAsync(string path) =>
        (await Http.GetFromJsonAsync<JsonNode>(path))!.AsObject();

    public async Task<JsonArray> GetArrayAsync(string path) =>
        (await Http.GetFromJsonAsync<JsonNode>(path))!.AsArray();

    public Task<JsonObject> StatsAsync() => GetObjectAsync("/api/ingest/stats");

    public Task<JsonObject> HealthAsync() => GetObjectAsync("/health");

    /// <summary>Incidents of one community, newest first, once there are at least <paramref name="count"/>.</summary>
    public async Task<JsonArray> IncidentsOnceAsync(string community, int count)
    {
        var page = await Poll.UntilAsync(
            () => GetObjectAsync($"/api/incidents?community={community}&pageSize=500"),
            p => (long)p["total"]! >= count,
            $"{count} incidents in {community}");
        return page["items"]!.AsArray();
    }

    public async Task<HttpStatusCode> StatusOfAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        return response.StatusCode;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
