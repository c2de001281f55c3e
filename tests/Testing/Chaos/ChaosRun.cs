using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace EdgeSecurity.Testing.Chaos;

/// <summary>
/// Several agents raise alarms while the broker, the hub and an agent are SIGKILLed and restarted at moments drawn from
/// a fixed seed; then every alarm must be at the hub exactly once, each device's alarms in order.
/// </summary>
public static class ChaosRun
{
    private const int PageSize = 500;
    private static readonly TimeSpan ShortestDowntime = TimeSpan.FromSeconds(0.5);
    private static readonly TimeSpan LongestDowntime = TimeSpan.FromSeconds(3);

    private enum Target { Broker, Hub, Agent }

    public static async Task<ChaosReport> RunAsync(ChaosOptions options, Action<string> log)
    {
        await using var system = await ChaosSystem.StartAsync(options.Agents, options.HubAckTimeoutSeconds);
        var drivers = system.Gateways.Select(g => new AlarmDriver(g, system.ControlSocketOf(g))).ToList();
        var meters = system.Gateways.Select(g => new TelemetryDriver(g, system.ControlSocketOf(g))).ToList();
        var perAgent = options.Alarms / options.Agents;
        var interval = options.SendingTime / perAgent;
        var pointsPerAgent = options.TelemetryPoints / options.Agents;
        log($"chaos: {options.Agents} agents x {perAgent} alarms, one every {interval.TotalMilliseconds:0} ms each, and {pointsPerAgent} telemetry points each, {options.Kills} kills, seed {options.Seed}");

        using var sending = new CancellationTokenSource();
        var raising = Task.WhenAll(drivers.Select((d, i) => d.RunAsync(i == 0 ? options.Alarms - perAgent * (options.Agents - 1) : perAgent, interval, sending.Token)));
        var measuring = pointsPerAgent == 0
            ? Task.CompletedTask
            : Task.WhenAll(meters.Select(m => m.RunAsync(pointsPerAgent, options.SendingTime / pointsPerAgent, sending.Token)));
        var kills = await KillAtRandomAsync(system, options, raising, log);
        await raising;
        var lastAlarm = Stopwatch.StartNew();
        await measuring;
        if (options.FloodPoints > 0)
            kills.Add(await FloodWhileTheBrokerIsDownAsync(system, meters[0], options.FloodPoints, log));
        var lastPoint = Stopwatch.StartNew();

        var sent = drivers.ToDictionary(d => d.Gateway, d => d.Sent);
        var all = sent.Values.SelectMany(ids => ids).ToHashSet();
        List<StoredAlarm> stored;
        TimeSpan? recovery = null;
        try
        {
            stored = await Poll.UntilAsync(() => IncidentsAsync(system.Http), incidents => all.IsSubsetOf(incidents.Select(i => i.EventId)),
                $"all {all.Count} sent alarms at the hub", options.RecoveryTimeout);
            recovery = lastAlarm.Elapsed;
        }
        catch (TimeoutException)
        {
            // Reported as lost below.
            stored = await IncidentsAsync(system.Http);
        }
        var telemetry = await TelemetryReportAsync(system, meters, lastPoint, options.RecoveryTimeout);
        return Report(sent, drivers.Sum(d => d.InDoubt), stored, await RedeliveredAsync(system.Http), kills, recovery, telemetry);
    }

    /// <summary>
    /// Stops the broker and sends the first agent more large points than its outbox quota holds, so that it thins its
    /// telemetry; then starts the broker again. A clean stop, not a kill: this is a long outage, and what it must show is
    /// that every point is delivered or counted as thinned, which a SIGKILLed broker cannot let happen (see TelemetryReport).
    /// </summary>
    private static async Task<string> FloodWhileTheBrokerIsDownAsync(ChaosSystem system, TelemetryDriver meter, int points, Action<string> log)
    {
        var clock = Stopwatch.StartNew();
        await system.StopBrokerAsync();
        await meter.FloodAsync(points);
        await system.StartBrokerAsync();
        var flood = string.Create(CultureInfo.InvariantCulture,
            $"broker stopped (SIGTERM) while {points} large telemetry points overran the {ChaosSystem.FloodedOutboxMegabytes} MB outbox of agent {meter.Gateway}, down {clock.Elapsed.TotalSeconds:0.0} s");
        log($"chaos: killed {flood}");
        return flood;
    }

    /// <summary>
    /// Waits until the last points sent (the flood's, or else all) are in InfluxDB or counted as thinned by the agents'
    /// heartbeats (which come every few seconds, so the count lags), then compares. Points lost to a SIGKILL never
    /// arrive, so waiting for those would only use up the timeout.
    /// </summary>
    private static async Task<TelemetryReport> TelemetryReportAsync(ChaosSystem system, List<TelemetryDriver> meters, Stopwatch sinceLastPoint, TimeSpan timeout)
    {
        var sent = meters.SelectMany(m => m.Sent.Select(seq => (m.Gateway, seq))).ToHashSet();
        var last = meters.Any(m => m.Flooded.Count > 0) ? meters.SelectMany(m => m.Flooded.Select(seq => (m.Gateway, seq))).ToHashSet() : sent;
        async Task<TelemetryAtHub> SampleAsync() => new(await system.StoredTelemetryAsync(), await ThinnedAsync(system.Http));
        TelemetryAtHub state;
        TimeSpan? recovery = null;
        try
        {
            state = await Poll.UntilAsync(SampleAsync, s => last.Except(s.Stored).Count() <= s.Thinned,
                $"the last {last.Count} telemetry points sent in InfluxDB or thinned", timeout);
            recovery = sinceLastPoint.Elapsed;
        }
        catch (TimeoutException)
        {
            // Reported as lost below.
            state = await SampleAsync();
        }
        var distinct = state.Stored.ToHashSet();
        var missing = sent.Count(p => !distinct.Contains(p));
        var missingByGateway = string.Join(", ", meters.Select(m => string.Create(CultureInfo.InvariantCulture,
            $"{m.Gateway} {m.Sent.Count(seq => !distinct.Contains((m.Gateway, seq)))} of {m.Sent.Count}")));
        // Only the flooded agent thins, and only the flood's points: they are all that waited in its outbox.
        var flooded = meters.SelectMany(m => m.Flooded.Select(seq => (m.Gateway, seq))).ToList();
        return new TelemetryReport(
            Sent: sent.Count,
            InDoubt: meters.Sum(m => m.InDoubt),
            Stored: distinct.Count(sent.Contains),
            Duplicates: state.Stored.Count - distinct.Count,
            Lost: (int)Math.Max(0, missing - state.Thinned),
            Thinned: state.Thinned,
            Unexpected: distinct.Count(p => !sent.Contains(p)),
            Recovery: recovery,
            FloodSent: flooded.Count,
            FloodLost: (int)Math.Max(0, flooded.Count(p => !distinct.Contains(p)) - state.Thinned),
            MissingByGateway: missingByGateway);
    }

    /// <summary>
    /// Strikes at seeded moments until the alarms are all raised. The waits here are the schedule of the chaos (when to
    /// strike, how long a service stays dead), not a way to wait for an outcome.
    /// </summary>
    private static async Task<List<string>> KillAtRandomAsync(ChaosSystem system, ChaosOptions options, Task raising, Action<string> log)
    {
        var random = new Random(options.Seed);
        var targets = Enumerable.Range(0, options.Kills).Select(i => (Target)(i % 3)).OrderBy(_ => random.Next()).ToList();
        // One kill at a random moment in each of as many equal slots, so they spread over the whole run.
        var slot = options.SendingTime * 0.9 / options.Kills;
        var moments = targets.Select((_, i) => options.SendingTime * 0.05 + slot * (i + random.NextDouble())).ToList();
        var kills = new List<string>();
        var clock = Stopwatch.StartNew();
        foreach (var (target, moment) in targets.Zip(moments))
        {
            var wait = moment - clock.Elapsed;
            if (wait > TimeSpan.Zero && await Task.WhenAny(raising, Task.Delay(wait)) == raising)
                break;
            var downtime = ShortestDowntime + (LongestDowntime - ShortestDowntime) * random.NextDouble();
            var gateway = system.Gateways[random.Next(system.Gateways.Count)];
            var what = target == Target.Agent ? $"agent {gateway}" : target.ToString().ToLowerInvariant();
            var at = clock.Elapsed;
            await KillAsync(system, target, gateway);
            await Task.Delay(downtime);
            await StartAsync(system, target, gateway);
            var kill = string.Create(CultureInfo.InvariantCulture, $"{what} at {at.TotalSeconds:0.0} s, down {(clock.Elapsed - at).TotalSeconds:0.0} s");
            kills.Add(kill);
            log($"chaos: killed {kill}");
        }
        return kills;
    }

    private static Task KillAsync(ChaosSystem system, Target target, string gateway) => target switch
    {
        Target.Broker => system.KillBrokerAsync(),
        Target.Hub => system.KillHubAsync(),
        _ => system.KillAgentAsync(gateway),
    };

    private static Task StartAsync(ChaosSystem system, Target target, string gateway) => target switch
    {
        Target.Broker => system.StartBrokerAsync(),
        Target.Hub => system.StartHubAsync(),
        _ => system.StartAgentAsync(gateway),
    };

    private static ChaosReport Report(
        Dictionary<string, List<Guid>> sent, int inDoubt, List<StoredAlarm> stored, long redelivered, List<string> kills, TimeSpan? recovery, TelemetryReport telemetry)
    {
        var all = sent.Values.SelectMany(ids => ids).ToHashSet();
        var storedIds = stored.Select(i => i.EventId).ToHashSet();
        var outOfOrder = 0;
        var arrivedLate = 0;
        foreach (var (gateway, ids) in sent)
        {
            var mine = stored.Where(i => i.GatewayId == gateway && all.Contains(i.EventId)).ToList();
            if (!mine.OrderBy(i => i.OccurredAt).Select(i => i.EventId).SequenceEqual(ids))
                outOfOrder++;
            var position = ids.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
            var byArrival = mine.OrderBy(i => i.ReceivedAt).Select(i => position[i.EventId]).ToList();
            arrivedLate += byArrival.Where((p, i) => i > 0 && p < byArrival.Take(i).Max()).Count();
        }
        return new ChaosReport(
            Sent: all.Count,
            InDoubt: inDoubt,
            Stored: stored.Count,
            Duplicates: stored.Count - storedIds.Count,
            Lost: all.Count(id => !storedIds.Contains(id)),
            Unexpected: storedIds.Count(id => !all.Contains(id)),
            OutOfOrderDevices: outOfOrder,
            ArrivedOutOfOrder: arrivedLate,
            Redelivered: redelivered,
            Kills: kills,
            Recovery: recovery,
            Telemetry: telemetry);
    }

    private sealed record TelemetryAtHub(List<(string Gateway, long Seq)> Stored, long Thinned);

    private sealed record StoredAlarm(Guid EventId, string GatewayId, DateTimeOffset OccurredAt, DateTimeOffset ReceivedAt);

    private static async Task<List<StoredAlarm>> IncidentsAsync(HttpClient http)
    {
        var incidents = new List<StoredAlarm>();
        for (var page = 1; ; page++)
        {
            var body = JsonNode.Parse(await http.GetStringAsync(new Uri($"/api/events?community={ChaosSystem.Community}&pageSize={PageSize}&page={page}", UriKind.Relative)))!;
            var items = body["items"]!.AsArray();
            incidents.AddRange(items.Select(i => new StoredAlarm(
                Guid.Parse((string)i!["eventId"]!), (string)i["gatewayId"]!, (DateTimeOffset)i["occurredAt"]!, (DateTimeOffset)i["receivedAt"]!)));
            if (items.Count < PageSize)
                return incidents;
        }
    }

    private static async Task<long> RedeliveredAsync(HttpClient http) =>
        (long)JsonNode.Parse(await http.GetStringAsync(new Uri("/api/ingest/stats", UriKind.Relative)))!["duplicateEvents"]!;

    /// <summary>Telemetry the agents thinned to stay within their quota, as their last heartbeats told the hub.</summary>
    private static async Task<long> ThinnedAsync(HttpClient http) =>
        JsonNode.Parse(await http.GetStringAsync(new Uri("/api/gateways", UriKind.Relative)))!.AsArray()
            .Sum(g => (long?)g!["backlog"]?["thinnedTelemetry"] ?? 0);
}
