using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeSecurity.Hub.Tests.Infrastructure;

/// <summary>The real hub, built by <see cref="HubApp"/> as Program builds it, on Kestrel at a free loopback port.</summary>
public sealed class HubHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HubHost(WebApplication app, HttpClient http)
    {
        _app = app;
        Http = http;
    }

    /// <summary>Signed in as the demo site's admin, who sees every incident, quarantined ones included.</summary>
    public HttpClient Http { get; }

    public Uri BaseAddress => Http.BaseAddress!;

    public IServiceProvider Services => _app.Services;

    /// <param name="configureServices">Replaces hub services, e.g. the clock with a manual one.</param>
    public static async Task<HubHost> StartAsync(int mqttPort, string databasePath, Action<IServiceCollection>? configureServices = null, params string[] settings)
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
            DemoSite.HubArgument,
            .. settings,
        ], configureServices);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            // A hub refusing to start (bad settings, wrong key) must not keep the database or the broker connection.
            await app.DisposeAsync();
            throw;
        }
        var baseAddress = new Uri(app.Urls.Single());
        try
        {
            return new HubHost(app, await DemoSite.SignInAsync(baseAddress));
        }
        catch
        {
            await app.StopAsync();
            await app.DisposeAsync();
            throw;
        }
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

    /// <summary>The ids of a community's stored events (the event log behind its incidents), once there are <paramref name="count"/>.</summary>
    public async Task<IReadOnlyList<Guid>> EventIdsOnceAsync(string community, int count)
    {
        var page = await Poll.UntilAsync(
            () => GetObjectAsync($"/api/events?community={community}&pageSize=500"),
            p => p["items"]!.AsArray().Count >= count,
            $"{count} events in {community}");
        return [.. page["items"]!.AsArray().Select(i => Guid.Parse((string)i!["eventId"]!))];
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
