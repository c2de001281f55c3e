using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EdgeSecurity.Bindings.Mosquitto;
using EdgeSecurity.Contract;
using EdgeSecurity.Hub.Ingestion;
using EdgeSecurity.Testing;

namespace EdgeSecurity.Benchmarks;

/// <summary>
/// Telemetry messages/s from the broker through the hub into InfluxDB, lossless, against the raw cost: a bare QoS 1
/// subscriber on the same broker, fed the same messages by the same load generator in the same run. Broker, hub
/// (a Release process), InfluxDB and the load generator all run on this machine. The hub is timed from the first publish
/// until InfluxDB has accepted every point; the bare subscriber until it has received every message.
/// </summary>
internal static class IngestThroughput
{
    private const int Gateways = 4;

    /// <summary>The bare subscriber asks for as many unacknowledged messages as the hub does.</summary>
    private static readonly int HubInflight = new MqttSettings().InflightMaximum;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
        using var directory = new TempDirectory("edgesecurity-ingest");
        await using var broker = await MosquittoBroker.StartAsync(new MosquittoBrokerOptions { LogEveryPacket = false, MaxQueuedMessages = Math.Max(100_000, count) });
        await using var influx = await InfluxServer.StartAsync();
        var messages = Enumerable.Range(0, count).Select(Message).ToList();

        var bare = await BareSubscriberAsync(broker, messages);

        var hubUrl = new Uri($"http://127.0.0.1:{FreeTcpPort.Next()}");
        await using var hub = ServiceProcess.StartDotnet(RepositoryLayout.HubDll,
        [
            "--urls", hubUrl.ToString(), $"--Hub:Mqtt:Port={broker.Port}", $"--Hub:Storage:SqlitePath={directory.Combine("hub.db")}",
            $"--Hub:Telemetry:Url={influx.Url}", DemoSite.HubArgument,
        ], RepositoryLayout.Root);
        await hub.WaitForOutputAsync("EdgeSecurity hub listening on", StartTimeout);
        using var http = await DemoSite.SignInAsync(hubUrl);
        await Poll.UntilAsync(() => HealthAsync(http), h => (string?)h["mqtt"] == "connected", "the hub to subscribe", StartTimeout);

        var clock = Stopwatch.StartNew();
        await MqttLoadGenerator.PublishAllAsync(broker, messages);
        await Poll.UntilAsync(() => HealthAsync(http), h => (long)h["telemetry"]!["written"]! >= count, $"{count} points in InfluxDB", TimeSpan.FromMinutes(10));
        var throughHub = count / clock.Elapsed.TotalSeconds;

        var health = await HealthAsync(http);
        var stored = await CountInInfluxAsync(influx);
        Console.WriteLine();
        Console.WriteLine($"ingest: {count} telemetry messages from {Gateways} gateways, QoS 1, broker + hub + influxd + load generator on {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine($"bare QoS 1 subscriber:            {bare,10:N0} msg/s");
        Console.WriteLine($"broker → hub → InfluxDB:          {throughHub,10:N0} msg/s  ratio {throughHub / bare:0.00}");
        Console.WriteLine($"lossless: accepted {health["ingest"]!["accepted"]!["telemetry"]}, written {health["telemetry"]!["written"]}, in InfluxDB {stored}, dropped {health["telemetry"]!["dropped"]}");
    }

    private static (string Topic, byte[] Payload) Message(int i)
    {
        var gateway = $"gw-bench-{i % Gateways}";
        var device = $"sensor-{i % 200}";
        // A millisecond apart: the hub writes at millisecond precision, and InfluxDB keeps one point per series and time.
        var telemetry = new DeviceTelemetry(gateway, device, DateTimeOffset.UtcNow.AddHours(-1).AddMilliseconds(i),
            new Dictionary<string, double> { ["temperature"] = 20 + (i % 100 / 10.0), ["humidity"] = 40 + (i % 50) },
            // As agents send it: the hub confirms every point to its gateway once its batch is in InfluxDB.
            Guid.CreateVersion7());
        return (Topics.Telemetry("cm-bench", gateway, device), ContractWriter.ToJson(telemetry));
    }

    private static async Task<double> BareSubscriberAsync(MosquittoBroker broker, List<(string Topic, byte[] Payload)> messages)
    {
        var received = 0;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscriber = new MqttClient(new MqttClientOptions { ClientId = "bench-bare", Host = broker.Host, Port = broker.Port, Protocol = MqttProtocol.V5, InflightMaximum = HubInflight });
        // A subscription asked for before connecting completes at the connection's SUBACK.
        var subscribed = subscriber.SubscribeAsync(Topics.Root + "/+/+/telemetry/+", MqttQos.AtLeastOnce, _ =>
        {
            if (Interlocked.Increment(ref received) == messages.Count)
                all.TrySetResult();
            return ValueTask.CompletedTask;
        });
        await subscriber.ConnectAsync();
        await subscribed;
        var clock = Stopwatch.StartNew();
        await MqttLoadGenerator.PublishAllAsync(broker, messages);
        await all.Task.WaitAsync(TimeSpan.FromMinutes(5)).ContinueWith(t =>
        {
            if (t.IsFaulted)
                throw new TimeoutException($"the bare subscriber received {received} of {messages.Count}");
        }, TaskScheduler.Default);
        return messages.Count / clock.Elapsed.TotalSeconds;
    }

    private static async Task<JsonObject> HealthAsync(HttpClient http) => (await http.GetFromJsonAsync<JsonObject>(new Uri("/health", UriKind.Relative)))!;

    private static async Task<long> CountInInfluxAsync(InfluxServer influx)
    {
        using var http = new HttpClient();
        var query = Uri.EscapeDataString("SELECT count(temperature) FROM device WHERE community = 'cm-bench'");
        var answer = JsonNode.Parse(await http.GetStringAsync(new Uri(influx.Url, $"query?db=edgesecurity&q={query}")))!;
        return (long?)answer["results"]?[0]?["series"]?[0]?["values"]?[0]?[1] ?? 0;
    }
}
