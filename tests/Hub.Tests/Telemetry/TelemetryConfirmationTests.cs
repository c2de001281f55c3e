using EdgeSecurity.Contract;
using EdgeSecurity.Hub.Telemetry;

namespace EdgeSecurity.Hub.Tests.Telemetry;

/// <summary>
/// A gateway's telemetry point is confirmed only once it is durable: in InfluxDB, or in the spool while InfluxDB is down;
/// never when the full spool refused it. And a point sent twice is one point in InfluxDB, so redelivery is harmless.
/// </summary>
public sealed class TelemetryConfirmationTests(InfluxFixture influx) : IClassFixture<InfluxFixture>
{
    private static readonly DateTimeOffset At = new(DateTime.UtcNow.Date, TimeSpan.Zero);

    [Fact]
    public async Task Points_are_confirmed_after_InfluxDB_took_their_batch_and_points_without_a_receipt_are_not()
    {
        await using var telemetry = await TelemetryHarness.StartAsync(influx.NewSettings());
        var receipts = Receipts(20);

        telemetry.WriteAll(Points(0, 20).Zip(receipts, (p, r) => (p, (TelemetryReceipt?)r)));
        telemetry.WriteAll(Points(20, 5));

        var confirmed = await Poll.UntilAsync(() => Task.FromResult(telemetry.Confirmations.Durables), d => d.Count >= 20, "20 points confirmed");
        await telemetry.WrittenAsync(25);
        Assert.Equal(receipts, confirmed.Select(c => c.Receipt));
        Assert.All(confirmed, c => Assert.True(c.At.Written >= 20, $"confirmed with {c.At.Written} points written"));
        Assert.Equal(0, confirmed.Max(c => c.At.Spooled));
        Assert.Equal(25, await telemetry.CountAsync("confirmed", "seq"));
        Assert.Empty(telemetry.Confirmations.Refusals);
    }

    [Fact]
    public async Task With_InfluxDB_stopped_points_are_confirmed_once_they_are_in_the_spool()
    {
        await using var server = await InfluxServer.StartAsync();
        await using var telemetry = await TelemetryHarness.StartAsync(InfluxFixture.NewSettings(server.Url));
        telemetry.WriteAll(Points(0, 1));
        await telemetry.WrittenAsync(1);
        await server.StopAsync();
        var receipts = Receipts(30);

        telemetry.WriteAll(Points(1, 30).Zip(receipts, (p, r) => (p, (TelemetryReceipt?)r)));

        var confirmed = await Poll.UntilAsync(() => Task.FromResult(telemetry.Confirmations.Durables), d => d.Count >= 30, "30 points confirmed", TimeSpan.FromSeconds(30));
        Assert.Equal(receipts, confirmed.Select(c => c.Receipt));
        Assert.All(confirmed, c => Assert.Equal(1, c.At.Written));
        Assert.All(confirmed, c => Assert.True(c.At.Spooled > 0, "confirmed before it was spooled"));
        Assert.Equal(30, telemetry.Stats.Snapshot().Spooled);

        await server.RestartAsync();
        await telemetry.WrittenAsync(31);
        Assert.Equal(30, telemetry.Confirmations.Durables.Count);
    }

    [Fact]
    public async Task Points_the_full_spool_refuses_are_counted_and_not_confirmed()
    {
        await using var server = await InfluxServer.StartAsync();
        var settings = InfluxFixture.NewSettings(server.Url);
        settings.SpoolMegabytes = 1;
        settings.BatchSize = 8;
        await using var telemetry = await TelemetryHarness.StartAsync(settings);
        telemetry.WriteAll(Points(0, 1));
        await telemetry.WrittenAsync(1);
        await server.StopAsync();
        // 40 points of 60 KB: 2.4 MB, more than twice the spool.
        var receipts = Receipts(40);
        var padding = new string('p', 60 * 1024);

        telemetry.WriteAll(Enumerable.Range(1, 40).Select(i => (new LinePoint("confirmed", At.AddMilliseconds(i)).Field("seq", (long)i).Field("padding", padding), (TelemetryReceipt?)receipts[i - 1])));

        var stats = await Poll.UntilAsync(() => Task.FromResult(telemetry.Stats.Snapshot()), s => s.Spooled + s.Dropped >= 40, "every point spooled or dropped", TimeSpan.FromSeconds(30));
        var confirmed = telemetry.Confirmations.Durables.Select(c => c.Receipt).ToList();
        // At most 17 such points fit in 1 MB; whichever batches were spooled are confirmed, the others not.
        Assert.InRange(stats.Spooled, 8, 17);
        Assert.Equal(40 - stats.Spooled, stats.Dropped);
        Assert.Equal(stats.Spooled, confirmed.Count);
        Assert.Equal(confirmed, receipts.Intersect(confirmed));
        Assert.Empty(telemetry.Confirmations.Refusals);
    }

    [Fact]
    public async Task A_point_InfluxDB_refuses_is_reported_as_refused_not_confirmed()
    {
        await using var telemetry = await TelemetryHarness.StartAsync(influx.NewSettings());
        telemetry.WriteAll(Points(0, 1));
        await telemetry.WrittenAsync(1);
        var receipt = Receipts(1)[0];

        // "seq" is an integer field of the measurement now: InfluxDB refuses a string for it (field type conflict, 400).
        telemetry.WriteAll([(new LinePoint("confirmed", At.AddSeconds(1)).Field("seq", "one"), (TelemetryReceipt?)receipt)]);

        var refused = await Poll.UntilAsync(() => Task.FromResult(telemetry.Confirmations.Refusals), r => r.Count > 0, "the refusal");
        Assert.Equal(receipt, Assert.Single(refused).Receipt);
        Assert.Contains("conflict", refused[0].Reason, StringComparison.Ordinal);
        Assert.Empty(telemetry.Confirmations.Durables);
    }

    [Fact]
    public async Task A_gateway_point_written_twice_is_one_point_in_InfluxDB()
    {
        // The hub's default precision and the hub's own mapping (measurement, tags community/gateway/device, the edge's time).
        await using var telemetry = await TelemetryHarness.StartAsync(influx.NewSettings());
        var point = new DeviceTelemetry("gw-1", "smoke-1", At.AddMilliseconds(123.4), new Dictionary<string, double> { ["smokeDensity"] = 0.12 }, Guid.CreateVersion7());
        var other = point with { At = point.At.AddMilliseconds(1), TelemetryId = Guid.CreateVersion7() };

        telemetry.WriteAll([TelemetryPoints.Of("cm-1", point)]);
        await telemetry.WrittenAsync(1);
        telemetry.WriteAll([TelemetryPoints.Of("cm-1", point), TelemetryPoints.Of("cm-1", other)]);
        await telemetry.WrittenAsync(3);
        telemetry.WriteAll([TelemetryPoints.Of("cm-1", point)]);
        await telemetry.WrittenAsync(4);

        Assert.Equal(2, await telemetry.CountAsync(TelemetryPoints.DeviceMeasurement, "smokeDensity"));
    }

    private static List<TelemetryReceipt> Receipts(int count) =>
        [.. Enumerable.Range(0, count).Select(_ => new TelemetryReceipt("cm-1", "gw-1", Guid.CreateVersion7()))];

    private static IEnumerable<LinePoint> Points(int from, int count) =>
        Enumerable.Range(from, count).Select(i => new LinePoint("confirmed", At.AddMilliseconds(i)).Field("seq", (long)i));
}
