using EdgeSecurity.Hub.Telemetry;

namespace EdgeSecurity.Hub.Tests.Telemetry;

/// <summary>Points written through the writer to a real influxd and read back through the query path, compared exactly.</summary>
public sealed class InfluxRoundTripTests(InfluxFixture influx) : IClassFixture<InfluxFixture>
{
    // Today, midnight UTC: inside the 7-day raw retention, which refuses older points.
    private static readonly DateTimeOffset At = new(DateTime.UtcNow.Date, TimeSpan.Zero);

    [Fact]
    public async Task Nasty_names_and_values_come_back_exactly()
    {
        await using var telemetry = await TelemetryHarness.StartAsync(influx.NewSettings());
        var measurement = "door state, \"north\" = a\\b 中文";
        var tags = new Dictionary<string, string>
        {
            ["k ,=\"x\\y"] = "v, =\"y\"\\z",
            ["区域"] = "东区 1号楼",
            ["escaped"] = "a\\,b\\ c\\=d",
        };
        var text = "say \"hi\", = \\o/ \\\\ 门被强行打开";
        var point = new LinePoint(measurement, At).Field("f ,=\"\\q", text).Field("n", 7L);
        foreach (var (key, value) in tags)
            point.Tag(key, value);
        telemetry.WriteAll([point]);
        await telemetry.WrittenAsync(1);

        var series = Assert.Single(await telemetry.Query.QueryAsync("SELECT * FROM /.*/ GROUP BY *"));
        Assert.Equal(measurement, series.Name);
        Assert.Equal(tags.OrderBy(t => t.Key, StringComparer.Ordinal), series.Tags.OrderBy(t => t.Key, StringComparer.Ordinal));
        Assert.Equal(text, series.Column("f ,=\"\\q").Single().GetString());
        Assert.Equal(7, series.Column("n").Single().GetInt64());
    }

    [Fact]
    public async Task Each_field_type_is_stored_as_its_type()
    {
        await using var telemetry = await TelemetryHarness.StartAsync(influx.NewSettings());
        telemetry.WriteAll(
        [
            new LinePoint("types", At).Field("i", long.MaxValue).Field("f", 0.1).Field("b", true).Field("s", "text"),
            new LinePoint("types", At.AddSeconds(1)).Field("i", long.MinValue + 1).Field("f", 1e20).Field("b", false).Field("s", ""),
            new LinePoint("types", At.AddSeconds(2)).Field("i", 0L).Field("f", -1.234e-7).Field("b", true).Field("s", "中文"),
        ]);
        await telemetry.WrittenAsync(3);

        var series = Assert.Single(await telemetry.Query.QueryAsync("SELECT i, f, b, s FROM types"));
        Assert.Equal([long.MaxValue, long.MinValue + 1, 0L], series.Column("i").Select(v => v.GetInt64()));
        Assert.Equal([0.1, 1e20, -1.234e-7], series.Column("f").Select(v => v.GetDouble()));
        Assert.Equal([true, false, true], series.Column("b").Select(v => v.GetBoolean()));
        Assert.Equal(["text", "", "中文"], series.Column("s").Select(v => v.GetString()));
        var types = (await telemetry.Query.QueryAsync("SHOW FIELD KEYS FROM types")).Single();
        Assert.Equal(["boolean", "float", "integer", "string"], series.Columns.Skip(1).Select(field =>
            types.Values.Single(row => row[0].GetString() == field)[1].GetString()).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(TelemetryPrecision.Nanoseconds, 123_456_700L)]
    [InlineData(TelemetryPrecision.Milliseconds, 123_000_000L)]
    public async Task Times_keep_the_configured_precision(TelemetryPrecision precision, long expectedNanosecondsAfterAt)
    {
        var settings = influx.NewSettings();
        settings.Precision = precision;
        await using var telemetry = await TelemetryHarness.StartAsync(settings);
        telemetry.WriteAll([new LinePoint("precise", At.AddTicks(1_234_567)).Field("v", 1L)]);
        await telemetry.WrittenAsync(1);

        var series = Assert.Single(await telemetry.Query.QueryAsync("SELECT v FROM precise", TelemetryPrecision.Nanoseconds));
        Assert.Equal(LineProtocol.ToUnix(At, TelemetryPrecision.Nanoseconds) + expectedNanosecondsAfterAt, series.Column("time").Single().GetInt64());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Batches_are_written_with_or_without_gzip(bool gzip)
    {
        var settings = influx.NewSettings();
        settings.Gzip = gzip;
        await using var telemetry = await TelemetryHarness.StartAsync(settings);
        telemetry.WriteAll(Enumerable.Range(0, 1000).Select(i => new LinePoint("zipped", At.AddSeconds(i)).Tag("gateway", $"gw-{i % 7}").Field("v", (long)i)));
        await telemetry.WrittenAsync(1000);

        Assert.Equal(1000, await telemetry.CountAsync("zipped", "v"));
    }

    [Fact]
    public async Task Queued_points_leave_in_batches_of_the_configured_size_and_the_rest_on_the_interval()
    {
        var settings = influx.NewSettings();
        settings.BatchSize = 10;
        settings.FlushInterval = TimeSpan.FromMilliseconds(300);
        await using var telemetry = new TelemetryHarness(settings);
        telemetry.WriteAll(Enumerable.Range(0, 25).Select(i => new LinePoint("batched", At.AddSeconds(i)).Field("v", (long)i)));
        await telemetry.StartAsync();

        var stats = await telemetry.WrittenAsync(25);
        Assert.Equal(3, stats.Requests);
        Assert.Equal(25, await telemetry.CountAsync("batched", "v"));

        // A lone point is not held back waiting for a full batch.
        telemetry.WriteAll([new LinePoint("batched", At.AddSeconds(100)).Field("v", 100L)]);
        stats = await telemetry.WrittenAsync(26);
        Assert.Equal(4, stats.Requests);
    }

    [Fact]
    public async Task A_refused_batch_is_reported_with_the_servers_message_counted_and_not_resent()
    {
        await using var telemetry = await TelemetryHarness.StartAsync(influx.NewSettings());
        telemetry.WriteAll([new LinePoint("conflict", At).Field("v", 1L)]);
        await telemetry.WrittenAsync(1);

        telemetry.WriteAll([new LinePoint("conflict", At.AddSeconds(1)).Field("v", 1.5)]);
        var stats = await Poll.UntilAsync(() => Task.FromResult(telemetry.Stats.Snapshot()), s => s.Rejected == 1, "the float to be refused");
        Assert.Contains("400", stats.LastError, StringComparison.Ordinal);
        Assert.Contains("field type conflict", stats.LastError, StringComparison.Ordinal);

        telemetry.WriteAll([new LinePoint("conflict", At.AddSeconds(2)).Field("v", 2L)]);
        stats = await telemetry.WrittenAsync(2);
        Assert.Equal(0, stats.Retried);
        Assert.Equal(1, stats.Rejected);
        Assert.Equal(2, await telemetry.CountAsync("conflict", "v"));
    }

    [Fact]
    public async Task Bad_points_are_refused_before_sending_and_counted()
    {
        await using var telemetry = await TelemetryHarness.StartAsync(influx.NewSettings());

        var newline = telemetry.Writer.Write(new LinePoint("bad", At).Tag("site", "a\nb").Field("v", 1L));
        var empty = telemetry.Writer.Write(new LinePoint("", At).Field("v", 1L));
        var nan = telemetry.Writer.Write(new LinePoint("bad", At).Field("v", double.NaN));
        var infinity = telemetry.Writer.Write(new LinePoint("bad", At).Field("v", double.PositiveInfinity));
        telemetry.WriteAll([new LinePoint("bad", At).Field("v", 1.0)]);

        Assert.All([newline, empty, nan, infinity], write => Assert.Equal(TelemetryWriteOutcome.Invalid, write.Outcome));
        Assert.Contains("newline", newline.Reason, StringComparison.Ordinal);
        Assert.Contains("empty", empty.Reason, StringComparison.Ordinal);
        Assert.Contains("NaN", nan.Reason, StringComparison.Ordinal);
        Assert.Contains("finite", infinity.Reason, StringComparison.Ordinal);
        var stats = await telemetry.WrittenAsync(1);
        Assert.Equal(4, stats.Invalid);
        Assert.Equal(1, await telemetry.CountAsync("bad", "v"));
    }

    [Fact]
    public async Task A_query_error_carries_the_servers_message()
    {
        await using var telemetry = await TelemetryHarness.StartAsync(influx.NewSettings());

        var error = await Assert.ThrowsAsync<InfluxQueryException>(() => telemetry.Query.QueryAsync("SELECT FROM WHERE"));
        Assert.Contains("error parsing query", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retention_policies_and_the_continuous_query_exist_after_set_up_which_is_idempotent()
    {
        await using var telemetry = await TelemetryHarness.StartAsync(influx.NewSettings());
        telemetry.WriteAll([new LinePoint("kept", At).Field("v", 1.0)]);
        await telemetry.WrittenAsync(1);
        await telemetry.Schema.EnsureAsync(CancellationToken.None);
        await telemetry.Schema.EnsureAsync(CancellationToken.None);

        var database = telemetry.Settings.Database;
        var policies = Assert.Single(await telemetry.Query.QueryAsync($"SHOW RETENTION POLICIES ON \"{database}\""));
        var byName = policies.Values.ToDictionary(row => row[0].GetString()!, row => (Duration: row[1].GetString(), IsDefault: row[4].GetBoolean()));
        Assert.Equal(("168h0m0s", true), byName["raw"]);
        Assert.Equal(("8760h0m0s", false), byName["year"]);

        var queries = (await telemetry.Query.QueryAsync("SHOW CONTINUOUS QUERIES")).Single(series => series.Name == database);
        var query = Assert.Single(queries.Values);
        Assert.Equal("raw_to_year_mean", query[0].GetString());
        Assert.Contains("mean(*)", query[1].GetString(), StringComparison.Ordinal);
        Assert.Contains("time(1m)", query[1].GetString(), StringComparison.Ordinal);

        var raw = Assert.Single(await telemetry.Query.QueryAsync($"SELECT count(v) FROM \"{database}\".\"raw\".\"kept\""));
        Assert.Equal(1, raw.Values[0][1].GetInt64());
    }

    [Fact]
    public async Task The_continuous_query_writes_means_of_raw_points_into_the_long_policy()
    {
        var settings = influx.NewSettings();
        // One-second intervals, so the query runs within the test instead of once a minute.
        settings.DownsampleInterval = TimeSpan.FromSeconds(1);
        await using var telemetry = await TelemetryHarness.StartAsync(settings);
        telemetry.WriteAll([new LinePoint("room").Tag("sensor", "t1").Field("celsius", 21.5)]);
        await telemetry.WrittenAsync(1);

        // Each probe writes a fresh point stamped now: the query computes only the interval just ended, so a point
        // that arrives after its interval was computed is left to the next one.
        var means = await Poll.UntilAsync(async () =>
        {
            telemetry.WriteAll([new LinePoint("room").Tag("sensor", "t1").Field("celsius", 21.5).Field("label", "text")]);
            return await telemetry.Query.QueryAsync($"SELECT * FROM \"{settings.Database}\".\"year\".\"room\" GROUP BY *");
        }, series => series.Count > 0, "a mean in the year policy");

        var series = Assert.Single(means);
        Assert.Equal("t1", series.Tags["sensor"]);
        Assert.Equal(["time", "mean_celsius"], series.Columns);
        Assert.All(series.Column("mean_celsius"), mean => Assert.Equal(21.5, mean.GetDouble()));
    }

    [Fact]
    public async Task A_changed_retention_is_applied_at_the_next_set_up()
    {
        var settings = influx.NewSettings();
        await using var telemetry = await TelemetryHarness.StartAsync(settings);
        await telemetry.Schema.EnsureAsync(CancellationToken.None);

        settings.RawRetention = TimeSpan.FromDays(3);
        await telemetry.Schema.EnsureAsync(CancellationToken.None);

        var policies = Assert.Single(await telemetry.Query.QueryAsync($"SHOW RETENTION POLICIES ON \"{settings.Database}\""));
        Assert.Equal("72h0m0s", policies.Values.Single(row => row[0].GetString() == "raw")[1].GetString());
    }
}
