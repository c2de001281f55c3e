using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EdgeSecurity.Contract;
using EdgeSecurity.Testing;
using Microsoft.Playwright;

namespace EdgeSecurity.Benchmarks;

/// <summary>
/// Everything at once for a long time: telemetry at a city's rate through the broker and the hub into InfluxDB, one
/// alarm a second from a real agent process through the same broker and hub to an operator's live stream and a
/// dashboard open in chromium, the operator closing each incident. Every window it reports memory, CPU, open handles
/// and threads of the hub and the agent, and the alarms' latency; at the end, growth after warm-up and what was lost.
/// The telemetry comes from a paced raw-socket load generator standing in for the gateways of many communities
/// (50 gateways × 200 sensors, each once a second at 10,000 msg/s); the agent adds its own detector's measurements.
/// </summary>
internal static class SoakBenchmark
{
    private const string Community = "cm-soak";
    private const int Gateways = 50;
    private const int SensorsPerGateway = 200;
    private const int AgentPointsPerSecond = 10;
    private const string Detector = "smoke-soak";
    private const double GrowthTarget = 0.05;
    private static readonly string[] Doors = [.. Enumerable.Range(0, 10).Select(i => $"door-soak-{i}")];
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromMinutes(3);

    public static async Task RunAsync(string[] args)
    {
        var duration = TimeSpan.FromMinutes(args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 30);
        var rate = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
        var window = TimeSpan.FromSeconds(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 60);
        var warmUp = duration / 6;

        using var directory = new TempDirectory("edgesecurity-soak");
        await using var broker = await MosquittoBroker.StartAsync(new MosquittoBrokerOptions { LogEveryPacket = false });
        await using var influx = await InfluxServer.StartAsync();
        var hubUrl = $"http://127.0.0.1:{FreeTcpPort.Next()}";
        await using var hub = ServiceProcess.StartDotnet(RepositoryLayout.HubDll,
        [
            "--urls", hubUrl, $"--Hub:Mqtt:Port={broker.Port}", $"--Hub:Storage:SqlitePath={directory.Combine("hub.db")}",
            $"--Hub:Telemetry:Url={influx.Url}", DemoSite.HubArgument,
            // Two of the agent's points can fall in one millisecond when its pacing catches up; at millisecond precision
            // InfluxDB would keep one of them, and the count would call the other lost.
            "--Hub:Telemetry:Precision=Nanoseconds",
        ], RepositoryLayout.Root);
        await hub.WaitForOutputAsync("EdgeSecurity hub listening on", StartTimeout);
        using var operatorHttp = await DemoSite.SignInAsync(new Uri(hubUrl), "wangmin");

        var config = directory.Combine("agent.yaml");
        await File.WriteAllTextAsync(config, $$"""
            gateway: { id: {{DemoSite.Gateway}}, community: {{DemoSite.Community}}, grid: {{DemoSite.Grid}} }
            broker: { host: 127.0.0.1, port: {{broker.Port}} }
            dataDirectory: {{directory.Path}}
            doors:
            {{string.Join('\n', Doors.Select(d => $"  - {{ id: {d}, armed: true, heldOpenSeconds: 86400 }}"))}}
            smokeDetectors:
              - { id: {{Detector}}, source: simulated }
            """);
        await using var agent = ServiceProcess.StartDotnet(RepositoryLayout.AgentDll, ["--config", config], RepositoryLayout.Root, GatewayUnit.Environment());
        await Poll.UntilAsync(() => operatorHttp.GetStringAsync(new Uri("/api/gateways", UriKind.Relative)), g => g.Contains("\"online\"", StringComparison.Ordinal), "the gateway to be online", StartTimeout);

        await using var browser = await DashboardBrowser.LaunchAsync();
        var dashboard = await browser.OpenDashboardAsync(hubUrl, "wangmin");

        var socket = directory.Combine("agent.sock");
        var alarms = new SoakAlarms(socket, Doors, operatorHttp);
        var telemetry = new PacedTelemetry(rate);
        var agentPoints = new AgentTelemetry(socket, Detector, AgentPointsPerSecond);
        using var stop = new CancellationTokenSource();
        var load = Task.WhenAll(telemetry.RunAsync(broker, stop.Token), alarms.RunAsync(stop.Token), agentPoints.RunAsync(stop.Token));

        Console.WriteLine($"soak: {duration.TotalMinutes:0} min, telemetry {rate:N0} msg/s ({Gateways} gateways × {SensorsPerGateway} sensors), 1 alarm/s from an agent process, 1 dashboard (chromium), {Environment.ProcessorCount} cores, started {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine("  min | hub RSS MB  CPU %  handles threads | agent RSS MB  CPU %  handles threads | broker MB | alarms  stream p99 ms  painted p99 ms | telemetry msg/s");
        var rows = new List<SoakRow>();
        var awaitingPaint = new Dictionary<string, double>();
        var clock = Stopwatch.StartNew();
        var hubCpu = ProcessCpu.CpuSeconds(hub.Id);
        var agentCpu = ProcessCpu.CpuSeconds(agent.Id);
        var sentBefore = 0L;
        var windows = (int)Math.Round(duration / window);
        using var tick = new PeriodicTimer(window);
        while (rows.Count < windows && !load.IsCompleted && await tick.WaitForNextTickAsync())
        {
            var seconds = window.TotalSeconds;
            var (streamLatencies, created) = alarms.TakeWindow();
            foreach (var (id, sentAt) in created)
                awaitingPaint[id] = sentAt;
            var painted = await PaintLatenciesAsync(dashboard, awaitingPaint);
            var row = new SoakRow(
                clock.Elapsed,
                Gauge.Of(hub.Id, ref hubCpu, seconds),
                Gauge.Of(agent.Id, ref agentCpu, seconds),
                broker.ProcessId is { } b ? ProcessCpu.ResidentMegabytes(b) : 0,
                streamLatencies,
                painted,
                (telemetry.Sent - sentBefore) / seconds);
            sentBefore = telemetry.Sent;
            rows.Add(row);
            Console.WriteLine(row);
        }
        // Only now: a last window sampled while the load generators were closing their connections was not steady state.
        await stop.CancelAsync();
        await load;

        var stored = await CountOnceSettledAsync(influx, $"SELECT count(temperature) FROM device WHERE community = '{Community}'", telemetry.Sent);
        var agentStored = await CountOnceSettledAsync(influx, $"SELECT count(seq) FROM device WHERE device = '{Detector}'", agentPoints.Sent);
        var health = (await operatorHttp.GetFromJsonAsync<JsonObject>(new Uri("/health", UriKind.Relative)))!;
        Report(rows, window, warmUp, telemetry.Sent, stored, agentPoints.Sent, agentStored, alarms, health);
    }

    private static async Task<LatencySample> PaintLatenciesAsync(IPage dashboard, Dictionary<string, double> awaitingPaint)
    {
        var painted = await DashboardBrowser.PaintedAsync(dashboard);
        var latencies = new LatencySample("alarm → painted");
        var done = new List<string>();
        foreach (var (id, sentAt) in awaitingPaint)
        {
            if (painted.GetValueOrDefault(id) is { } at)
            {
                latencies.Add(TimeSpan.FromMilliseconds(at - sentAt));
                done.Add(id);
            }
        }
        foreach (var id in done)
            awaitingPaint.Remove(id);
        await DashboardBrowser.ForgetAsync(dashboard, done);
        return latencies;
    }

    private static void Report(List<SoakRow> rows, TimeSpan window, TimeSpan warmUp, long sent, long stored, int agentSent, long agentStored, SoakAlarms alarms, JsonObject health)
    {
        // A row describes the window that ended at its time: the first window after warm-up is the one that starts there.
        var settled = rows.Where(r => r.At - window >= warmUp).ToList();
        var first = settled.Take(3).ToList();
        var last = settled.TakeLast(3).ToList();
        Console.WriteLine();
        Console.WriteLine($"growth after warm-up ({warmUp.TotalMinutes:0.#} min): mean of the first 3 windows after it → mean of the last 3 (target < {GrowthTarget:P0})");
        Growth("hub RSS", first, last, r => r.Hub.ResidentMegabytes);
        Growth("hub handles", first, last, r => r.Hub.Handles);
        Growth("hub threads", first, last, r => r.Hub.Threads, judged: false);
        Growth("hub CPU", first, last, r => r.Hub.CpuPercent);
        Growth("agent RSS", first, last, r => r.Agent.ResidentMegabytes);
        Growth("agent handles", first, last, r => r.Agent.Handles);
        Growth("agent threads", first, last, r => r.Agent.Threads, judged: false);
        Growth("agent CPU", first, last, r => r.Agent.CpuPercent);
        var allStream = new LatencySample("alarm → live stream (whole run)");
        var allPainted = new LatencySample("alarm → painted (whole run)");
        foreach (var row in rows)
        {
            allStream.AddRange(row.Stream);
            allPainted.AddRange(row.Painted);
        }
        Console.WriteLine(allStream);
        Console.WriteLine(allPainted);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"alarm p99 per window after warm-up: lowest {settled.Min(r => r.Stream.Percentile(99)):0.0} ms, highest {settled.Max(r => r.Stream.Percentile(99)):0.0} ms (stream); {settled.Min(r => r.Painted.Percentile(99)):0.0}–{settled.Max(r => r.Painted.Percentile(99)):0.0} ms (painted)"));
        Console.WriteLine($"alarms: sent {alarms.Sent}, incidents closed by the operator {alarms.Closed}, operator requests refused {alarms.OperatorFailures}");
        Console.WriteLine($"telemetry: sent {sent:N0}, in InfluxDB {stored:N0}, lost {sent - stored:N0}; agent detector: sent {agentSent:N0}, in InfluxDB {agentStored:N0}");
        Console.WriteLine($"hub telemetry: {health["telemetry"]?.ToJsonString()}");
    }

    /// <param name="judged">False for threads: the thread pool adds and retires threads with the load, which says nothing of a leak.</param>
    private static void Growth(string name, List<SoakRow> first, List<SoakRow> last, Func<SoakRow, double> value, bool judged = true)
    {
        var before = first.Average(value);
        var after = last.Average(value);
        var growth = (after - before) / before;
        var verdict = !judged ? "(not judged)" : growth < GrowthTarget ? "met" : "MISSED";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name,-14} {before,9:0.0} → {after,9:0.0}  {growth,7:+0.0%;-0.0%}  {verdict}"));
    }

    /// <summary>The count once it reaches <paramref name="expected"/>, or what it is when the hub has had time enough to write.</summary>
    private static async Task<long> CountOnceSettledAsync(InfluxServer influx, string query, long expected)
    {
        var waited = Stopwatch.StartNew();
        long count;
        while ((count = await CountAsync(influx, query)) < expected && waited.Elapsed < SettleTimeout)
            await Task.Delay(TimeSpan.FromSeconds(1));
        return count;
    }

    private static async Task<long> CountAsync(InfluxServer influx, string query)
    {
        using var http = new HttpClient();
        var answer = JsonNode.Parse(await http.GetStringAsync(new Uri(influx.Url, $"query?db=edgesecurity&q={Uri.EscapeDataString(query)}")))!;
        return (long?)answer["results"]?[0]?["series"]?[0]?["values"]?[0]?[1] ?? 0;
    }

    /// <summary>Telemetry of many gateways at a steady rate: each sensor once a second, so every point has its own timestamp.</summary>
    private sealed class PacedTelemetry(int rate)
    {
        public long Sent { get; private set; }

        public async Task RunAsync(MosquittoBroker broker, CancellationToken ct)
        {
            await using var generator = await MqttLoadGenerator.ConnectAsync(broker);
            var sensors = Gateways * SensorsPerGateway;
            var start = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
            try
            {
                while (await pace.WaitForNextTickAsync(ct))
                {
                    for (var due = (long)(clock.Elapsed.TotalSeconds * rate); Sent < due; Sent++)
                    {
                        var sensor = (int)(Sent % sensors);
                        var gateway = $"gw-soak-{sensor / SensorsPerGateway:00}";
                        var at = start.AddSeconds(Sent / sensors);
                        var point = new DeviceTelemetry(gateway, $"sensor-{sensor % SensorsPerGateway}", at,
                            new Dictionary<string, double> { ["temperature"] = 20 + sensor % 100 / 10.0, ["humidity"] = 40 + sensor % 50 }, Guid.CreateVersion7());
                        await generator.PublishAsync(Topics.Telemetry(Community, gateway, point.DeviceId), ContractWriter.ToJson(point));
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
            await generator.FlushAsync();
        }
    }

    /// <summary>The agent's own simulated detector reporting measurements through its outbox, as a busy gateway's sensors do.</summary>
    private sealed class AgentTelemetry(string controlSocket, string detector, int perSecond)
    {
        public int Sent { get; private set; }

        public async Task RunAsync(CancellationToken ct)
        {
            await using var control = await ControlClient.ConnectAsync(controlSocket);
            using var pace = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / perSecond));
            try
            {
                while (await pace.WaitForNextTickAsync(ct))
                {
                    var answer = await control.AskAsync(string.Create(CultureInfo.InvariantCulture, $"smoke measure {detector} seq={Sent + 1}"));
                    if (answer.StartsWith("ok", StringComparison.Ordinal))
                        Sent++;
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}
