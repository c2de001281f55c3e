using System.Text;
using EdgeSecurity.Hub.Telemetry;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Hub.Tests.Telemetry;

/// <summary>The on-disk spool: what InfluxDB cannot take waits there, bounded, and goes out oldest first when it returns.</summary>
public sealed class SpoolTests
{
    private static readonly DateTimeOffset At = new(DateTime.UtcNow.Date, TimeSpan.Zero);

    [Fact]
    public async Task Points_written_while_influxd_is_down_are_spooled_and_replayed_once_in_order()
    {
        const int Outage = 300;
        await using var server = await InfluxServer.StartAsync();
        var settings = InfluxFixture.NewSettings(server.Url);
        settings.QueueCapacity = 20;
        settings.BatchSize = 10;
        await using var telemetry = await TelemetryHarness.StartAsync(settings);
        telemetry.WriteAll(Points(0, 10));
        await telemetry.WrittenAsync(10);

        await server.StopAsync();
        // Fifteen times the memory queue: each chunk fits it, and the writer moves it to disk while InfluxDB is away.
        for (var from = 10; from < 10 + Outage; from += settings.QueueCapacity)
        {
            telemetry.WriteAll(Points(from, settings.QueueCapacity));
            var spooled = from + settings.QueueCapacity - 10;
            await Poll.UntilAsync(() => Task.FromResult(telemetry.Stats.Snapshot()), s => s.Spooled == spooled, $"{spooled} points spooled");
        }
        var outage = telemetry.Stats.Snapshot();
        Assert.Equal(10, outage.Written);
        Assert.True(outage.SpoolBytes > 0);
        Assert.True(outage.Retried > 0);

        await server.RestartAsync();
        var stats = await Poll.UntilAsync(() => Task.FromResult(telemetry.Stats.Snapshot()), s => s.Spooled == 0 && s.Written >= 10 + Outage, "the spool replayed");
        Assert.Equal(10 + Outage, stats.Written);
        Assert.Equal(0, stats.SpoolBytes);
        Assert.Equal(0, stats.Dropped + stats.Rejected);
        Assert.Equal(10 + Outage, await telemetry.CountAsync("outage", "seq"));
        var ends = Assert.Single(await telemetry.Query.QueryAsync("SELECT first(seq), last(seq) FROM outage"));
        Assert.Equal(0, ends.Values[0][1].GetInt64());
        Assert.Equal(10 + Outage - 1, ends.Values[0][2].GetInt64());
    }

    [Fact]
    public async Task The_spool_is_sent_oldest_first_before_newer_points()
    {
        await using var listener = new RecordingListener();
        for (var failure = 0; failure < 3; failure++)
            listener.Answer(System.Net.HttpStatusCode.ServiceUnavailable);
        var settings = InfluxFixture.NewSettings(listener.Url);
        settings.Bucket = "b";
        settings.Org = "o";
        settings.BatchSize = 5;
        settings.Gzip = false;
        await using var telemetry = await TelemetryHarness.StartAsync(settings);
        telemetry.WriteAll(Points(0, 5));
        await Poll.UntilAsync(() => Task.FromResult(telemetry.Stats.Snapshot()), s => s.Spooled > 0, "the failed batch spooled");
        telemetry.WriteAll(Points(5, 15));

        await telemetry.WrittenAsync(20);

        var accepted = listener.Requests.Skip(3).SelectMany(r => r.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            .Select(line => long.Parse(line.Split(' ')[1]["seq=".Length..^1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), accepted);
    }

    [Fact]
    public void A_full_spool_refuses_new_points_and_counts_them_keeping_the_older_ones()
    {
        using var directory = new TempDirectory();
        var stats = new TelemetryStats();
        using var spool = new TelemetrySpool(directory.Combine("spool.db"), 1024 * 1024, stats, new RecordingLogger());
        var batch = Encoding.UTF8.GetBytes(new string('x', 300 * 1024));

        var taken = Enumerable.Range(1, 5).Select(points => spool.Append(batch, points)).ToList();

        Assert.Equal([true, true, true, false, false], taken);
        var snapshot = stats.Snapshot();
        Assert.Equal(4 + 5, snapshot.Dropped);
        Assert.Equal(1 + 2 + 3, snapshot.Spooled);
        Assert.Equal(3 * batch.Length, snapshot.SpoolBytes);
        Assert.Contains("spool is full", snapshot.LastError, StringComparison.Ordinal);
        Assert.Equal(1, spool.Oldest()!.Points);
    }

    [Fact]
    public void Spooled_points_outlive_a_restart()
    {
        using var directory = new TempDirectory();
        using (var spool = new TelemetrySpool(directory.Combine("spool.db"), 1024 * 1024, new TelemetryStats(), new RecordingLogger()))
            spool.Append("m v=1i 1\n"u8, 1);

        var stats = new TelemetryStats();
        using var reopened = new TelemetrySpool(directory.Combine("spool.db"), 1024 * 1024, stats, new RecordingLogger());

        Assert.Equal(1, stats.Snapshot().Spooled);
        Assert.Equal("m v=1i 1\n", Encoding.UTF8.GetString(reopened.Oldest()!.Lines));
    }

    [Fact]
    public void A_corrupt_spool_is_moved_aside_with_an_error_and_a_new_one_starts()
    {
        using var directory = new TempDirectory();
        var path = directory.Combine("spool.db");
        File.WriteAllText(path, "this is not an SQLite database, it only pretends to be one by being long enough");
        var logger = new RecordingLogger();
        var stats = new TelemetryStats();

        using var spool = new TelemetrySpool(path, 1024 * 1024, stats, logger);

        Assert.True(spool.IsEmpty);
        var aside = Assert.Single(Directory.GetFiles(directory.Path, "spool.db.corrupt-*"));
        Assert.StartsWith("this is not", File.ReadAllText(aside), StringComparison.Ordinal);
        var error = Assert.Single(logger.Errors);
        Assert.Contains(aside, error, StringComparison.Ordinal);
        spool.Append("m v=1i 1\n"u8, 1);
        Assert.Equal(1, stats.Snapshot().Spooled);
    }

    private static IEnumerable<LinePoint> Points(int from, int count) =>
        Enumerable.Range(from, count).Select(i => new LinePoint("outage", At.AddMilliseconds(i)).Field("seq", (long)i));

    private sealed class RecordingLogger : ILogger<TelemetrySpool>
    {
        public List<string> Errors { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error)
                Errors.Add(formatter(state, exception));
        }
    }
}
