using System.Globalization;
using System.Text.Json.Nodes;
using EdgeSecurity.Bindings.Mosquitto;
using EdgeSecurity.Contract;
using EdgeSecurity.Testing;
using Microsoft.Playwright;

namespace EdgeSecurity.Benchmarks;

/// <summary>
/// Stored incident → alert painted in the browser, with N dashboards (Debian's chromium, one page per signed-in
/// operator) open on one hub process. Measured from the incident's receivedAt (stamped by the hub just before it
/// commits) to the first animation frame after the row entered the page (same machine, same clock). The raw cost it is
/// compared with is the same stream read by a plain HttpClient: hub → SSE bytes, without a browser.
/// </summary>
internal static class DashboardAlertLatency
{
    private const double TargetP99Milliseconds = 100;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(string[] args)
    {
        var events = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
        var dashboards = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        // Alarms arrive at this pace (a busy control room sees a few per minute; 5 per second is a storm), not back to back:
        // the figure is the latency of each alarm, not the throughput of a backlog.
        var interval = TimeSpan.FromMilliseconds(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200);
        using var directory = new TempDirectory("edgesecurity-bench");
        await using var broker = await MosquittoBroker.StartAsync();
        var hubUrl = $"http://127.0.0.1:{FreeTcpPort.Next()}";
        await using var hub = ServiceProcess.StartDotnet(RepositoryLayout.HubDll,
            ["--urls", hubUrl, $"--Hub:Mqtt:Port={broker.Port}", $"--Hub:Storage:SqlitePath={directory.Combine("hub.db")}", DemoSite.HubArgument,
             "--Hub:Telemetry:Url=http://127.0.0.1:1/", "--Logging:LogLevel:Default=Warning", $"--Hub:Access:LoginsPerMinute={dashboards + 10}"],
            RepositoryLayout.Root);
        await Poll.UntilAsync(async () => await TryGetAsync(hubUrl), up => up, "the hub to answer", StartTimeout);
        using var http = await DemoSite.SignInAsync(new Uri(hubUrl), "wangmin");
        await Poll.UntilAsync(() => http.GetStringAsync(new Uri("/health", UriKind.Relative)), h => h.Contains("\"connected\"", StringComparison.Ordinal), "the hub to reach the broker", StartTimeout);

        await using var browser = await DashboardBrowser.LaunchAsync();
        var pages = new List<IPage>();
        for (var i = 0; i < dashboards; i++)
            pages.Add(await browser.OpenDashboardAsync(hubUrl, "wangmin"));

        await using var edge = new MqttClient(new MqttClientOptions { ClientId = "bench-edge", Host = broker.Host, Port = broker.Port });
        await edge.ConnectAsync();
        using var stream = await ServerSentEventsSubscription.OpenAsync(http, "/api/incidents/stream");
        var stored = new Dictionary<string, double>();
        var raw = new LatencySample("stored → SSE (HttpClient)");
        for (var i = 0; i < events; i++)
        {
            var now = DateTimeOffset.UtcNow;
            var e = new EdgeEvent(Guid.CreateVersion7(), DemoSite.Gateway, $"door-bench-{i}", new Place(DemoSite.Community, DemoSite.Grid, "3", "2", "1", null),
                EventTypes.DoorForcedOpen, WarningLevel.Warning, now, now, null, IsTest: false, Attributes: null);
            await edge.PublishAsync(Topics.Events(DemoSite.Community, DemoSite.Gateway, e.DeviceId), ContractWriter.ToJson(e), MqttQos.AtLeastOnce);
            using var step = new CancellationTokenSource(StepTimeout);
            var received = await stream.NextAsync(s => s.Type == "incident.created", step.Token);
            var arrived = EpochMilliseconds(DateTimeOffset.UtcNow);
            var incident = JsonNode.Parse(received.Data)!;
            var storedAt = EpochMilliseconds(DateTimeOffset.Parse((string)incident["receivedAt"]!, CultureInfo.InvariantCulture));
            stored[(string)incident["id"]!] = storedAt;
            raw.Add(TimeSpan.FromMilliseconds(Math.Max(0, arrived - storedAt)));
            await Task.Delay(interval);
        }

        var browserSample = new LatencySample($"stored → painted ({dashboards} dashboards)");
        foreach (var page in pages)
        {
            var painted = await Poll.UntilAsync(
                () => DashboardBrowser.PaintedAsync(page),
                p => stored.Keys.All(id => p.GetValueOrDefault(id) is not null),
                "every alert painted on every dashboard", StepTimeout);
            foreach (var (id, storedAt) in stored)
                browserSample.Add(TimeSpan.FromMilliseconds(Math.Max(0, painted[id]!.Value - storedAt)));
        }

        Console.WriteLine();
        Console.WriteLine($"dashboard-alert: {events} alarms every {interval.TotalMilliseconds} ms, {dashboards} dashboards in chromium, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine(raw);
        Console.WriteLine(browserSample);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ratio painted ÷ raw SSE             p50 ×{browserSample.Percentile(50) / Math.Max(0.01, raw.Percentile(50)):0.0}  p99 ×{browserSample.Percentile(99) / Math.Max(0.01, raw.Percentile(99)):0.0}"));
        var met = browserSample.Percentile(99) <= TargetP99Milliseconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"target p99 ≤ {TargetP99Milliseconds} ms: {(met ? "met" : "MISSED")}"));
    }

    private static double EpochMilliseconds(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (double)TimeSpan.TicksPerMillisecond;

    private static async Task<bool> TryGetAsync(string url)
    {
        using var probe = new HttpClient { BaseAddress = new Uri(url) };
        try
        {
            using var response = await probe.GetAsync(new Uri("/health", UriKind.Relative));
            return true;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
