using EdgeSecurity.Hub.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeSecurity.Hub.Tests.Telemetry;

/// <summary>One influxd shared by a test class; each test gets its own database, so tests never see each other's points.</summary>
public sealed class InfluxFixture : IAsyncLifetime
{
    public InfluxServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await InfluxServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>Settings for a fresh database on this server; batches flush quickly so tests wait little.</summary>
    public TelemetrySettings NewSettings() => NewSettings(Server.Url);

    public static TelemetrySettings NewSettings(Uri url) => new()
    {
        Url = url,
        Database = $"test_{Guid.NewGuid():N}",
        FlushInterval = TimeSpan.FromMilliseconds(100),
        RetryMinDelay = TimeSpan.FromMilliseconds(50),
        RetryMaxDelay = TimeSpan.FromMilliseconds(400),
        RequestTimeout = TimeSpan.FromSeconds(5),
    };
}

/// <summary>A writer (with schema set-up) and a query client on one database, started and stopped by the test.</summary>
public sealed class TelemetryHarness : IAsyncDisposable
{
    private bool _started;

    public TelemetryHarness(TelemetrySettings settings)
    {
        Settings = settings;
        Connection = new InfluxConnection(settings);
        Query = new InfluxQueryClient(Connection);
        Schema = new TelemetrySchema(Query, settings, NullLogger<TelemetrySchema>.Instance);
        Spool = new TelemetrySpool(Directory.Combine("spool.db"), settings.SpoolMegabytes * 1024L * 1024L, Stats, NullLogger<TelemetrySpool>.Instance);
        Confirmations = new RecordingConfirmations(Stats);
        Writer = new InfluxWriter(Connection, Stats, Spool, NullLogger<InfluxWriter>.Instance, settings.UsesV2Api ? null : Schema, confirmations: Confirmations);
    }

    /// <summary>What the writer reported about points written with a receipt.</summary>
    public RecordingConfirmations Confirmations { get; }

    public TelemetrySettings Settings { get; }

    public InfluxConnection Connection { get; }

    public InfluxQueryClient Query { get; }

    public TelemetrySchema Schema { get; }

    public TelemetryStats Stats { get; } = new();

    public InfluxWriter Writer { get; }

    public TempDirectory Directory { get; } = new();

    public TelemetrySpool Spool { get; }

    public static async Task<TelemetryHarness> StartAsync(TelemetrySettings settings)
    {
        var harness = new TelemetryHarness(settings);
        await harness.StartAsync();
        return harness;
    }

    public async Task StartAsync()
    {
        await Writer.StartAsync(CancellationToken.None);
        _started = true;
    }

    public void WriteAll(IEnumerable<LinePoint> points) => WriteAll(points.Select(p => (p, (TelemetryReceipt?)null)));

    public void WriteAll(IEnumerable<(LinePoint Point, TelemetryReceipt? Receipt)> points)
    {
        foreach (var (point, receipt) in points)
        {
            var result = Writer.Write(point, receipt);
            Assert.True(result.IsQueued, $"not queued: {result.Reason}");
        }
    }

    public Task<TelemetryStatsSnapshot> WrittenAsync(long points) =>
        Poll.UntilAsync(() => Task.FromResult(Stats.Snapshot()), s => s.Written >= points, $"{points} points written");

    public async Task<long> CountAsync(string measurement, string field)
    {
        var series = await Query.QueryAsync($"SELECT count(\"{field}\") FROM \"{measurement}\"");
        return series is [var only] ? only.Values[0][1].GetInt64() : 0;
    }

    public async ValueTask DisposeAsync()
    {
        if (_started)
            await Writer.StopAsync(CancellationToken.None);
        Writer.Dispose();
        Connection.Dispose();
        Spool.Dispose();
        Directory.Dispose();
    }
}

/// <summary>
/// Plays the hub's acknowledgements: keeps every receipt the writer reports, with the writer's counters at that moment, so
/// a test can tell whether a point was confirmed before or after it was written or spooled.
/// </summary>
public sealed class RecordingConfirmations(TelemetryStats stats) : ITelemetryConfirmations
{
    private readonly Lock _gate = new();
    private readonly List<(TelemetryReceipt Receipt, TelemetryStatsSnapshot At)> _durable = [];
    private readonly List<(TelemetryReceipt Receipt, string Reason)> _refused = [];

    public IReadOnlyList<(TelemetryReceipt Receipt, TelemetryStatsSnapshot At)> Durables
    {
        get
        {
            lock (_gate)
                return [.. _durable];
        }
    }

    public IReadOnlyList<(TelemetryReceipt Receipt, string Reason)> Refusals
    {
        get
        {
            lock (_gate)
                return [.. _refused];
        }
    }

    public void Durable(IReadOnlyList<TelemetryReceipt> receipts)
    {
        var at = stats.Snapshot();
        lock (_gate)
            _durable.AddRange(receipts.Select(r => (r, at)));
    }

    public void Refused(IReadOnlyList<TelemetryReceipt> receipts, string reason)
    {
        lock (_gate)
            _refused.AddRange(receipts.Select(r => (r, reason)));
    }
}
