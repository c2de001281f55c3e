using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EdgeSecurity.Hub;
using Microsoft.AspNetCore.Builder;

namespace EdgeSecurity.Cli.Tests.Enrolment;

/// <summary>A real hub (in-process, on a real broker) with the demo site, and its admin to issue codes.</summary>
public sealed class EnrolHubFixture : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _files = new("cli-enrol-hub");
    private WebApplication? _hub;
    private MosquittoBroker? _broker;

    public Uri Url { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    public int BrokerPort => _broker!.Port;

    public async Task InitializeAsync()
    {
        _broker = await MosquittoBroker.StartAsync();
        _hub = HubApp.Build(
        [
            "--urls", "http://127.0.0.1:0",
            $"--Hub:Mqtt:Port={_broker.Port}",
            $"--Hub:Storage:SqlitePath={_files.Combine("hub.db")}",
            "--Hub:Enrolment:BrokerHost=broker.example.net",
            "--Logging:LogLevel:Default=Warning",
            DemoSite.HubArgument,
        ]);
        await _hub.StartAsync();
        Url = new Uri(_hub.Urls.Single());
        Admin = await DemoSite.SignInAsync(Url);
    }

    public async Task<string> IssueAsync(string gatewayId, double? validHours = null)
    {
        using var response = await Admin.PostAsJsonAsync(new Uri("/api/enrolment/codes", UriKind.Relative), new { gatewayId, validHours });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["code"]!;
    }

    public async Task DisposeAsync()
    {
        Admin?.Dispose();
        if (_hub is not null)
        {
            await _hub.StopAsync();
            await _hub.DisposeAsync();
        }
        if (_broker is not null)
            await _broker.DisposeAsync();
    }

    public void Dispose() => _files.Dispose();
}
