using System.Diagnostics;
using System.Globalization;
using EdgeSecurity.Bindings.Mosquitto;
using EdgeSecurity.Testing;

namespace EdgeSecurity.Benchmarks;

/// <summary>
/// Door event → live stream latency over the real path: control socket → edge agent process → mosquitto →
/// hub process → SQLite (durable) → server-sent events. The raw cost it is compared with is one QoS 1
/// MQTT publish → delivery round trip through the same broker and binding. The door's debounce is off: at its default
/// of 20 ms every opening would wait that long before it counts (the soak benchmark keeps it).
/// </summary>
internal static class DoorToSseLatency
{
    private const string Door = "door-bench";
    private const double TargetP99Milliseconds = 50;
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    public static async Task RunAsync(string[] args)
    {
        var events = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        using var directory = new TempDirectory("edgesecurity-bench");
        await using var broker = await MosquittoBroker.StartAsync();

        var raw = await RawMqttLatency.MeasureAsync(broker, events);

        var hubUrl = $"http://127.0.0.1:{FreeTcpPort.Next()}";
        await using var hub = ServiceProcess.StartDotnet(RepositoryLayout.HubDll,
            ["--urls", hubUrl, $"--Hub:Mqtt:Port={broker.Port}", $"--Hub:Storage:SqlitePath={directory.Combine("hub.db")}", DemoSite.HubArgument],
            RepositoryLayout.Root);
        await hub.WaitForOutputAsync("EdgeSecurity hub listening on", StartTimeout);
        using var http = await DemoSite.SignInAsync(new Uri(hubUrl));

        var config = directory.Combine("agent.yaml");
        await File.WriteAllTextAsync(config, $"""
            gateway: {"{"} id: gw-bench, community: cm-bench {"}"}
            broker: {"{"} host: 127.0.0.1, port: {broker.Port} {"}"}
            dataDirectory: {directory.Path}
            doors:
              - {"{"} id: {Door}, armed: true, heldOpenSeconds: 86400, debounceMs: 0 {"}"}
            """);
        await using var agent = ServiceProcess.StartDotnet(RepositoryLayout.AgentDll, ["--config", config], RepositoryLayout.Root);
        await Poll.UntilAsync(() => http.GetStringAsync(new Uri("/api/gateways", UriKind.Relative)), gateways => gateways.Contains("\"online\"", StringComparison.Ordinal), "the gateway to be online", StartTimeout);

        using var stream = await ServerSentEventsSubscription.OpenAsync(http, "/api/incidents/stream");
        var socket = Path.Combine(directory.Path, "agent.sock");
        var warmUp = Math.Max(10, events / 20);
        var doorToSse = new LatencySample("door → SSE (agent, broker, hub)");
        for (var i = 0; i < warmUp + events; i++)
        {
            var sent = Stopwatch.GetTimestamp();
            await SendAsync(socket, $"open {Door}");
            using var step = new CancellationTokenSource(StepTimeout);
            // The first opening creates the incident; the hub adds each later one to it (same door, same type).
            await stream.NextAsync(e => e.Type is "incident.created" or "incident.updated", step.Token);
            if (i >= warmUp)
                doorToSse.Add(Stopwatch.GetElapsedTime(sent));
            await SendAsync(socket, $"close {Door}");
        }

        Console.WriteLine();
        Console.WriteLine($"door-to-sse: {events} door events on loopback, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine(raw);
        Console.WriteLine(doorToSse);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ratio door→SSE ÷ raw MQTT           p50 ×{doorToSse.Percentile(50) / raw.Percentile(50):0.0}  p99 ×{doorToSse.Percentile(99) / raw.Percentile(99):0.0}"));
        var met = doorToSse.Percentile(99) <= TargetP99Milliseconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"target p99 ≤ {TargetP99Milliseconds} ms: {(met ? "met" : "MISSED")}"));
    }

    private static async Task SendAsync(string socketPath, string line)
    {
        await using var client = await ControlClient.ConnectAsync(socketPath);
        var answer = await client.AskAsync(line);
        if (!answer.StartsWith("ok", StringComparison.Ordinal))
            throw new InvalidOperationException($"'{line}' was refused: {answer}");
    }
}
