using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EdgeSecurity.Contract;
using EdgeSecurity.Hub.Tests.Infrastructure;
using EdgeSecurity.Testing;

namespace EdgeSecurity.Hub.Tests;

/// <summary>The hub as it runs in production: its own process, started by Program, killed or stopped by signals.</summary>
public sealed partial class HubProcessTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _directory = new("hub-process");
    private MosquittoBroker _broker = null!;

    public async Task InitializeAsync() => _broker = await MosquittoBroker.StartAsync();

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_stored_incident_survives_a_hub_crash_and_its_redelivery_makes_no_second_one()
    {
        var community = SampleEvents.NewCommunity();
        var e = SampleEvents.Create(community);
        await using var edge = await EdgePublisher.ConnectAsync(_broker.Host, _broker.Port);

        Guid incidentId;
        await using (var first = await StartHubAsync())
        {
            await edge.PublishAsync(e);
            var stored = await Poll.UntilAsync(() => first.Http.GetFromJsonAsync<JsonObject>($"/api/incidents?community={community}"), p => (long)p!["total"]! == 1, "the incident");
            incidentId = Guid.Parse((string)stored!["items"]![0]!["id"]!);
            await first.Process.KillAsync();
        }

        await using var second = await StartHubAsync();
        var afterCrash = await second.Http.GetFromJsonAsync<JsonObject>($"/api/incidents/{incidentId}");
        Assert.Equal(e.EventId, Guid.Parse((string)afterCrash!["incident"]!["eventId"]!));

        await edge.PublishAsync(e);
        await Poll.UntilAsync(() => second.Http.GetFromJsonAsync<JsonObject>("/api/ingest/stats"), s => (long)s!["duplicateEvents"]! == 1, "the redelivery to be recognised");
        var page = await second.Http.GetFromJsonAsync<JsonObject>($"/api/incidents?community={community}");
        Assert.Equal(1, (long)page!["total"]!);
    }

    [Fact]
    public async Task A_rejected_message_is_logged_with_topic_and_reason_but_never_its_payload_and_sigterm_stops_the_hub_cleanly()
    {
        const string Secret = "resident-phone-13800138000";
        var community = SampleEvents.NewCommunity();
        var topic = Topics.Events(community, SampleEvents.Gateway, SampleEvents.Device);
        await using var edge = await EdgePublisher.ConnectAsync(_broker.Host, _broker.Port);
        await using var hub = await StartHubAsync();

        await edge.PublishAsync(topic, Encoding.UTF8.GetBytes($$"""{"v":1,"note":"{{Secret}}","level":"""));
        await hub.Process.WaitForOutputAsync($"Rejected a message on {topic}: malformed_json", StartTimeout);

        Assert.DoesNotContain(Secret, hub.Process.Output, StringComparison.Ordinal);
        Assert.Equal(0, await hub.Process.StopAsync(TimeSpan.FromSeconds(15)));
        Assert.Contains("Application is shutting down", hub.Process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("fail:", hub.Process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alarms_published_while_the_hub_is_down_reach_it_when_it_restarts()
    {
        var community = SampleEvents.NewCommunity();
        await using var edge = await EdgePublisher.ConnectAsync(_broker.Host, _broker.Port);
        await using (var first = await StartHubAsync())
            await first.Process.KillAsync();

        var whileDown = Enumerable.Range(0, 20).Select(_ => SampleEvents.Create(community)).ToList();
        foreach (var e in whileDown)
            await edge.PublishAsync(e);

        await using var restarted = await StartHubAsync();
        var log = await Poll.UntilAsync(() => restarted.Http.GetFromJsonAsync<JsonObject>($"/api/events?community={community}&pageSize=500"), p => p!["items"]!.AsArray().Count == whileDown.Count, "the queued alarms");
        Assert.Equal(whileDown.Select(e => e.EventId).Order(), log!["items"]!.AsArray().Select(i => Guid.Parse((string)i!["eventId"]!)).Order());
    }

    private async Task<RunningHub> StartHubAsync()
    {
        var process = ServiceProcess.StartDotnet(
            RepositoryLayout.HubDll,
            ["--urls", "http://127.0.0.1:0", $"--Hub:Mqtt:Port={_broker.Port}", $"--Hub:Storage:SqlitePath={_directory.Combine("hub.db")}", DemoSite.HubArgument],
            _directory.Path);
        try
        {
            await process.WaitForOutputAsync("EdgeSecurity hub listening on", StartTimeout);
            var url = ListeningOn().Match(process.Output).Groups["url"].Value;
            var hub = new RunningHub(process, await DemoSite.SignInAsync(new Uri(url)));
            await Poll.UntilAsync(() => hub.Http.GetFromJsonAsync<JsonObject>("/health"), h => (string?)h!["mqtt"] == "connected", "the hub process to connect");
            return hub;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    [GeneratedRegex(@"EdgeSecurity hub listening on (?<url>http://[^,\s]+)")]
    private static partial Regex ListeningOn();

    private sealed record RunningHub(ServiceProcess Process, HttpClient Http) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await Process.DisposeAsync();
        }
    }
}
