using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EdgeSecurity.Bindings.Mosquitto;
using EdgeSecurity.Contract;
using Microsoft.AspNetCore.Builder;

namespace EdgeSecurity.Dashboard.Tests.Infrastructure;

/// <summary>A real mosquitto, the real hub (built by HubApp as Program builds it) on a free loopback port with the demo site, and an edge publisher.</summary>
public sealed class DashboardHub : IAsyncDisposable
{
    private readonly TempDirectory _directory = new("dashboard-tests");
    private MosquittoBroker _broker = null!;
    private WebApplication _app = null!;
    private MqttClient _edge = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _app.Services;

    public static async Task<DashboardHub> StartAsync(params string[] settings)
    {
        var hub = new DashboardHub();
        hub._broker = await MosquittoBroker.StartAsync();
        hub._app = Hub.HubApp.Build(
        [
            "--urls", "http://127.0.0.1:0",
            $"--Hub:Mqtt:Port={hub._broker.Port}",
            $"--Hub:Mqtt:ClientId=hub-dashboard-test-{Guid.NewGuid():N}",
            $"--Hub:Storage:SqlitePath={hub._directory.Combine("hub.db")}",
            "--Logging:LogLevel:Default=Warning",
            // Without an influxd (settings below may name one) the writer retries in the background; its warnings are noise here.
            "--Logging:LogLevel:EdgeSecurity.Hub.Telemetry=None",
            "--Hub:Telemetry:Url=http://127.0.0.1:1/",
            DemoSite.HubArgument,
            .. settings,
        ]);
        await hub._app.StartAsync();
        hub.BaseAddress = new Uri(hub._app.Urls.Single());
        hub._edge = new MqttClient(new MqttClientOptions { ClientId = $"test-edge-{Guid.NewGuid():N}", Host = hub._broker.Host, Port = hub._broker.Port });
        await hub._edge.ConnectAsync();
        using var http = new HttpClient { BaseAddress = hub.BaseAddress };
        await Poll.UntilAsync(async () => (await http.GetFromJsonAsync<JsonObject>("/health"))!, h => (string?)h["mqtt"] == "connected", "the hub to connect to the broker");
        return hub;
    }

    /// <summary>Publishes an event as gateway <paramref name="gateway"/> would, to the real broker.</summary>
    public async Task<EdgeEvent> PublishAsync(string community, string gateway, EventType type, string device, string? grid = DemoSite.Grid, WarningLevel? level = null)
    {
        var now = DateTimeOffset.UtcNow;
        var e = new EdgeEvent(Guid.CreateVersion7(), gateway, device, new Place(community, grid, "3", "2", "1", null), type, level ?? type.DefaultLevel,
            now, now, new EvidenceRef(EvidenceKind.Snapshot, $"{BaseAddress}evidence/{device}.jpg"), IsTest: false, Attributes: null);
        await _edge.PublishAsync(Topics.Events(community, gateway, device), ContractWriter.ToJson(e), MqttQos.AtLeastOnce, retain: false);
        return e;
    }

    /// <summary>A camera's intrusion whose snapshot the gateway sends as it does (an evidence:// URI, then the file on the evidence topic).</summary>
    public async Task<EdgeEvent> PublishWithSnapshotAsync(string community, string gateway, string device, byte[] jpeg)
    {
        var now = DateTimeOffset.UtcNow;
        var uri = $"evidence://{gateway}/snapshots/{Guid.CreateVersion7(now):D}.jpg";
        var e = new EdgeEvent(Guid.CreateVersion7(), gateway, device, new Place(community, DemoSite.Grid, "3"), EventTypes.PerimeterIntrusion,
            EventTypes.PerimeterIntrusion.DefaultLevel, now, now, new EvidenceRef(EvidenceKind.Snapshot, uri), IsTest: false, Attributes: null);
        await _edge.PublishAsync(Topics.Events(community, gateway, device), ContractWriter.ToJson(e), MqttQos.AtLeastOnce, retain: false);
        var upload = new EvidenceUpload(uri, "image/jpeg", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(jpeg)), jpeg);
        await _edge.PublishAsync(Topics.Evidence(community, gateway, device), ContractWriter.ToJson(upload), MqttQos.AtLeastOnce, retain: false);
        return e;
    }

    /// <summary>Publishes a device's retained state and one telemetry point per entry of <paramref name="points"/>.</summary>
    public async Task PublishDeviceAsync(string community, string gateway, string device, string state, params (DateTimeOffset At, Dictionary<string, double> Values)[] points)
    {
        await _edge.PublishAsync(Topics.State(community, gateway, device), ContractWriter.ToJson(new DeviceState(gateway, device, state, DateTimeOffset.UtcNow)), MqttQos.AtLeastOnce, retain: true);
        foreach (var (at, values) in points)
            await _edge.PublishAsync(Topics.Telemetry(community, gateway, device), ContractWriter.ToJson(new DeviceTelemetry(gateway, device, at, values)), MqttQos.AtLeastOnce);
    }

    /// <summary>Publishes a device's retained state stamped with the edge time <paramref name="at"/> (a late or replayed one when in the past).</summary>
    public Task PublishStateAsync(string community, string gateway, string device, string state, DateTimeOffset at) =>
        _edge.PublishAsync(Topics.State(community, gateway, device), ContractWriter.ToJson(new DeviceState(gateway, device, state, at)), MqttQos.AtLeastOnce, retain: true);

    /// <summary>Publishes a gateway's retained status, as its agent (online) or its last will (offline) would.</summary>
    public Task PublishStatusAsync(string gateway, string community, GatewayState state) =>
        _edge.PublishAsync(Topics.Status(community, gateway), ContractWriter.ToJson(new GatewayStatus(gateway, state, DateTimeOffset.UtcNow)), MqttQos.AtLeastOnce, retain: true);

    /// <summary>The incident the hub made of <paramref name="e"/>, once it is stored (as the admin sees it).</summary>
    public static async Task<JsonObject> IncidentOfAsync(HttpClient admin, EdgeEvent e)
    {
        var page = await Poll.UntilAsync(
            async () => (await admin.GetFromJsonAsync<JsonObject>($"/api/incidents?community={e.Place.Community}&type={e.Type.Code}&pageSize=500"))!,
            p => p["items"]!.AsArray().Any(i => (string?)i!["eventId"] == e.EventId.ToString()),
            $"the incident of event {e.EventId}");
        return page["items"]!.AsArray().Single(i => (string?)i!["eventId"] == e.EventId.ToString())!.AsObject();
    }

    public async ValueTask DisposeAsync()
    {
        if (_edge is not null)
            await _edge.DisposeAsync();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        if (_broker is not null)
            await _broker.DisposeAsync();
        _directory.Dispose();
    }
}
