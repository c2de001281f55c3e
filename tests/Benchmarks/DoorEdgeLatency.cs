using System.Globalization;
using System.Threading.Channels;
using EdgeSecurity.Bindings.Mosquitto;
using EdgeSecurity.Contract;
using EdgeSecurity.Testing;

namespace EdgeSecurity.Benchmarks;

/// <summary>
/// Input edge → event at a subscriber, over the agent's real path: a simulated door line changes (moved through the
/// control socket), the edge goes through the door's input, logic and rules, the durable outbox (fsync), and the
/// MQTT binding to the broker and on to a subscriber that plays the hub and confirms each event. The latency is
/// taken from the edge's own timestamp (the event's occurredAt) to the subscriber's receipt, on the same wall clock.
/// The raw costs it is compared with are one QoS 1 publish → delivery through the same broker and binding, and one
/// fsync on the outbox's file system; it runs with the outbox on the temp directory's disk and on tmpfs.
/// </summary>
internal static class DoorEdgeLatency
{
    private const string Door = "door-bench";
    private const string Community = "cm-bench";
    private const string Gateway = "gw-bench";
    private const double TargetP99Milliseconds = 5;
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    public static async Task RunAsync(string[] args)
    {
        var events = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500;
        // Without TCP_NODELAY on the broker's sockets, Nagle holds a PUBACK or delivery that follows another small
        // packet until the peer's delayed ACK (40 ms): the agent sends an event and a state back to back.
        await using var broker = await MosquittoBroker.StartAsync();
        var raw = await RawMqttLatency.MeasureAsync(broker, events);

        Console.WriteLine();
        Console.WriteLine($"door-edge: {events} forced openings of a simulated line, debounce 0, on loopback, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine(raw);
        // The outbox syncs every message to its disk before publishing it: the disk's fsync is part of the raw cost.
        foreach (var (place, root) in new[] { ("disk", Path.GetTempPath()), ("tmpfs", "/dev/shm") }.Where(p => Directory.Exists(p.Item2)))
        {
            using var directory = new TempDirectory(Path.Combine(root, "edgesecurity-bench"));
            var fsync = MeasureFsync(directory, events);
            var (edgeToEvent, inAgent) = await MeasureAgentAsync(broker, directory, events, place);
            Console.WriteLine(fsync);
            Console.WriteLine(inAgent);
            Console.WriteLine(edgeToEvent);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ratio edge→event ÷ raw MQTT ({place,-5})  p50 ×{edgeToEvent.Percentile(50) / raw.Percentile(50):0.0}  p99 ×{edgeToEvent.Percentile(99) / raw.Percentile(99):0.0}"
                + $"; ÷ (raw MQTT + fsync) p99 ×{edgeToEvent.Percentile(99) / (raw.Percentile(99) + fsync.Percentile(99)):0.0}"));
            var met = edgeToEvent.Percentile(99) <= TargetP99Milliseconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"target p99 ≤ {TargetP99Milliseconds} ms ({place}): {(met ? "met" : "MISSED")}"));
        }
    }

    private static LatencySample MeasureFsync(TempDirectory directory, int count)
    {
        var sample = new LatencySample("raw fsync of 200 bytes");
        using var file = new FileStream(directory.Combine("fsync.bin"), FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None);
        var bytes = new byte[200];
        for (var i = 0; i < count; i++)
        {
            file.Write(bytes);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            file.Flush(flushToDisk: true);
            sample.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
        return sample;
    }

    /// <returns>Edge → receipt, and edge → the agent's publish call (the event's publishedAt): the agent's own share.</returns>
    private static async Task<(LatencySample EdgeToEvent, LatencySample InAgent)> MeasureAgentAsync(MosquittoBroker broker, TempDirectory directory, int events, string place)
    {
        await using var hub = new MqttClient(new MqttClientOptions { ClientId = $"bench-hub-{Guid.NewGuid():N}", Host = broker.Host, Port = broker.Port });
        await hub.ConnectAsync();
        var received = Channel.CreateUnbounded<(EdgeEvent Event, DateTimeOffset At)>();
        await hub.SubscribeAsync(Topics.Events(Community, Gateway, Door), MqttQos.AtLeastOnce, async message =>
        {
            var at = DateTimeOffset.UtcNow;
            var read = ContractReader.ReadEvent(Topics.TryParse(message.Topic, out _)!, message.Payload);
            if (read.Value is not { } edgeEvent)
                return;
            await received.Writer.WriteAsync((edgeEvent, at));
            _ = hub.PublishAsync(Topics.Acks(Community, Gateway), ContractWriter.ToJson(new EventAcks([edgeEvent.EventId], [])), MqttQos.AtLeastOnce);
        });

        var config = directory.Combine("agent.yaml");
        await File.WriteAllTextAsync(config, $"""
            gateway: {"{"} id: {Gateway}, community: {Community} {"}"}
            broker: {"{"} host: 127.0.0.1, port: {broker.Port} {"}"}
            dataDirectory: {directory.Path}
            doors:
              - {"{"} id: {Door}, armed: true, heldOpenSeconds: 86400, debounceMs: 0 {"}"}
            """);
        await using var agent = ServiceProcess.StartDotnet(RepositoryLayout.AgentDll, ["--config", config], RepositoryLayout.Root);
        await agent.WaitForOutputAsync("Published online status", StartTimeout);
        await using var control = await ControlClient.ConnectAsync(Path.Combine(directory.Path, "agent.sock"));

        var warmUp = Math.Max(10, events / 20);
        var edgeToEvent = new LatencySample($"input edge → event, outbox on {place}");
        var inAgent = new LatencySample($"input edge → publish call ({place})");
        for (var i = 0; i < warmUp + events; i++)
        {
            await AskAsync(control, $"open {Door}");
            var (edgeEvent, at) = await received.Reader.ReadAsync().AsTask().WaitAsync(StepTimeout);
            if (i >= warmUp)
            {
                edgeToEvent.Add(at - edgeEvent.OccurredAt);
                inAgent.Add(edgeEvent.PublishedAt - edgeEvent.OccurredAt);
            }
            await AskAsync(control, $"close {Door}");
        }

        return (edgeToEvent, inAgent);
    }

    private static async Task AskAsync(ControlClient control, string line)
    {
        var answer = await control.AskAsync(line);
        if (!answer.StartsWith("ok", StringComparison.Ordinal))
            throw new InvalidOperationException($"'{line}' was refused: {answer}");
    }
}
