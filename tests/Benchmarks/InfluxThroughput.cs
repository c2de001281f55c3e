using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using EdgeSecurity.Hub.Telemetry;
using EdgeSecurity.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeSecurity.Benchmarks;

/// <summary>
/// Points/s into a real influxd (loopback, temp dir) through the hub's InfluxWriter, batches of 5000, compared with
/// the raw cost: the same points pre-encoded as line protocol and POSTed batch by batch with a bare HttpClient.
/// The writer is timed from its first Write (encoding included) until InfluxDB has accepted every point; it runs
/// without gzip (the same bytes as the raw posts) and with gzip (its default). Each round writes into fresh
/// databases, the three variants interleaved round by round so that other load weighs on all alike.
/// </summary>
internal static class InfluxThroughput
{
    private const int BatchSize = 5000;
    private const int Rounds = 3;
    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow.AddHours(-1);

    public static async Task RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500_000;
        await using var server = await InfluxServer.StartAsync();
        using var http = new HttpClient();
        var points = Enumerable.Range(0, count).Select(Point).ToList();
        var bodies = Encode(points);

        var raw = new List<double>();
        var plain = new List<double>();
        var gzipped = new List<double>();
        var confirmed = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            raw.Add(await PostRawAsync(server, http, bodies, count));
            plain.Add(await WriteAsync(server, points, gzip: false, confirm: false));
            gzipped.Add(await WriteAsync(server, points, gzip: true, confirm: false));
            confirmed.Add(await WriteAsync(server, points, gzip: true, confirm: true));
        }

        Console.WriteLine();
        Console.WriteLine($"influx: {count} points in batches of {BatchSize}, {Rounds} rounds (median), influxd 1.6 on loopback, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine($"raw HttpClient POST of pre-encoded bodies: {Median(raw),10:N0} points/s");
        Console.WriteLine($"InfluxWriter, gzip off:                    {Median(plain),10:N0} points/s  ratio {Median(plain) / Median(raw):0.00}");
        Console.WriteLine($"InfluxWriter, gzip on:                     {Median(gzipped),10:N0} points/s  ratio {Median(gzipped) / Median(raw):0.00}");
        Console.WriteLine($"InfluxWriter, gzip on, every point confirmed to its gateway: {Median(confirmed),10:N0} points/s  ratio {Median(confirmed) / Median(raw):0.00}");
    }

    private static LinePoint Point(int i) => new LinePoint("telemetry", Start.AddTicks(i * 10L))
        .Tag("gateway", $"gw-{i % 50}")
        .Tag("device", $"sensor-{i % 1000}")
        .Field("value", 20 + (i % 100 / 10.0))
        .Field("seq", (long)i);

    private static List<byte[]> Encode(List<LinePoint> points)
    {
        var bodies = new List<byte[]>();
        var body = new StringBuilder();
        for (var i = 0; i < points.Count; i++)
        {
            if (!LineProtocol.TryEncode(points[i], TelemetryPrecision.Nanoseconds, DateTimeOffset.UtcNow, out var line, out var reason))
                throw new InvalidOperationException(reason);
            body.Append(line).Append('\n');
            if ((i + 1) % BatchSize == 0 || i == points.Count - 1)
            {
                bodies.Add(Encoding.UTF8.GetBytes(body.ToString()));
                body.Clear();
            }
        }
        return bodies;
    }

    private static async Task<double> PostRawAsync(InfluxServer server, HttpClient http, List<byte[]> bodies, int count)
    {
        var database = await CreateDatabaseAsync(server, http);
        var write = new Uri(server.Url, $"write?db={database}&precision=ns");
        var elapsed = Stopwatch.StartNew();
        foreach (var body in bodies)
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            using var response = await http.PostAsync(write, content);
            response.EnsureSuccessStatusCode();
        }
        return count / elapsed.Elapsed.TotalSeconds;
    }

    /// <param name="confirm">each point with a receipt, as gateways' points come, timed until the last is confirmed</param>
    private static async Task<double> WriteAsync(InfluxServer server, List<LinePoint> points, bool gzip, bool confirm)
    {
        var settings = new TelemetrySettings
        {
            Url = server.Url,
            Database = $"bench_{Guid.NewGuid():N}",
            Precision = TelemetryPrecision.Nanoseconds,
            BatchSize = BatchSize,
            Gzip = gzip,
            // The whole run is queued at once: the queue must hold it, or the measurement would be of drops.
            QueueCapacity = points.Count + 1,
            FlushInterval = TimeSpan.FromMilliseconds(50),
        };
        using var connection = new InfluxConnection(settings);
        var query = new InfluxQueryClient(connection);
        var stats = new TelemetryStats();
        using var spoolDirectory = new TempDirectory();
        using var spool = new TelemetrySpool(spoolDirectory.Combine("spool.db"), 256L * 1024 * 1024, stats, NullLogger<TelemetrySpool>.Instance);
        var confirmations = new CountingConfirmations();
        using var writer = new InfluxWriter(connection, stats, spool, NullLogger<InfluxWriter>.Instance, new TelemetrySchema(query, settings, NullLogger<TelemetrySchema>.Instance),
            confirmations: confirmations);
        var receipts = confirm ? points.Select(_ => new TelemetryReceipt("cm-bench", "gw-bench", Guid.CreateVersion7())).ToList() : null;
        await writer.StartAsync(CancellationToken.None);
        writer.Write(new LinePoint("warmup", Start).Field("v", 1L));
        await UntilWrittenAsync(stats, 1);

        var elapsed = Stopwatch.StartNew();
        for (var i = 0; i < points.Count; i++)
            writer.Write(points[i], receipts?[i]);
        await UntilWrittenAsync(stats, points.Count + 1);
        if (confirm)
            await Poll.UntilAsync(() => Task.FromResult(confirmations.Count), n => n >= points.Count, "every point confirmed", TimeSpan.FromMinutes(5));
        var rate = points.Count / elapsed.Elapsed.TotalSeconds;
        await writer.StopAsync(CancellationToken.None);

        var snapshot = stats.Snapshot();
        if (snapshot.Dropped + snapshot.Rejected + snapshot.Invalid > 0)
            throw new InvalidOperationException($"points were lost: {snapshot}");
        return rate;
    }

    private static async Task UntilWrittenAsync(TelemetryStats stats, long points)
    {
        var limit = Stopwatch.StartNew();
        while (stats.Snapshot() is var snapshot && snapshot.Written < points)
        {
            if (limit.Elapsed > TimeSpan.FromMinutes(2) || snapshot.Rejected > 0)
                throw new TimeoutException($"InfluxDB did not accept {points} points: {snapshot}");
            await Task.Delay(2);
        }
    }

    private static async Task<string> CreateDatabaseAsync(InfluxServer server, HttpClient http)
    {
        var database = $"bench_{Guid.NewGuid():N}";
        using var create = new FormUrlEncodedContent([new("q", $"CREATE DATABASE {database}")]);
        using var response = await http.PostAsync(new Uri(server.Url, "query"), create);
        response.EnsureSuccessStatusCode();
        return database;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>Stands for the hub's acknowledgements: counts what the writer reports.</summary>
    private sealed class CountingConfirmations : ITelemetryConfirmations
    {
        private long _count;

        public long Count => Interlocked.Read(ref _count);

        public void Durable(IReadOnlyList<TelemetryReceipt> receipts) => Interlocked.Add(ref _count, receipts.Count);

        public void Refused(IReadOnlyList<TelemetryReceipt> receipts, string reason) =>
            throw new InvalidOperationException($"InfluxDB refused {receipts.Count} points: {reason}");
    }
}
