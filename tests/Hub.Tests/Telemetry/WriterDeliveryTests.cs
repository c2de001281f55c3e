using System.Net;
using EdgeSecurity.Hub.Telemetry;

namespace EdgeSecurity.Hub.Tests.Telemetry;

/// <summary>What the writer sends and how it copes with servers that fail: a local listener, and a real influxd that goes away.</summary>
public sealed class WriterDeliveryTests
{
    private static readonly DateTimeOffset At = new(DateTime.UtcNow.Date, TimeSpan.Zero);

    [Fact]
    public async Task The_v2_endpoint_gets_org_bucket_precision_token_and_a_gzipped_body()
    {
        await using var listener = new RecordingListener();
        var settings = InfluxFixture.NewSettings(listener.Url);
        settings.Org = "city ops";
        settings.Bucket = "telemetry/raw";
        settings.Token = "s3cret==";
        settings.Precision = TelemetryPrecision.Nanoseconds;
        await using var telemetry = new TelemetryHarness(settings);
        telemetry.WriteAll([new LinePoint("m", At).Tag("t", "a b").Field("v", 1L), new LinePoint("m", At.AddTicks(1)).Field("v", 2.5)]);
        await telemetry.StartAsync();

        await telemetry.WrittenAsync(2);
        var request = Assert.Single(listener.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/v2/write?org=city%20ops&bucket=telemetry%2Fraw&precision=ns", request.PathAndQuery);
        Assert.Equal("Token s3cret==", request.Authorization);
        Assert.Equal("gzip", request.ContentEncoding);
        var at = LineProtocol.ToUnix(At, TelemetryPrecision.Nanoseconds);
        Assert.Equal($"m,t=a\\ b v=1i {at}\nm v=2.5 {at + 100}\n", request.Body);
    }

    [Fact]
    public async Task Server_errors_are_retried_with_growing_delays_and_client_errors_are_not()
    {
        await using var listener = new RecordingListener();
        listener.Answer(HttpStatusCode.ServiceUnavailable);
        listener.Answer(HttpStatusCode.InternalServerError, "{\"error\":\"timeout\"}");
        listener.Answer(HttpStatusCode.ServiceUnavailable);
        var settings = InfluxFixture.NewSettings(listener.Url);
        settings.Bucket = "b";
        settings.Org = "o";
        await using var telemetry = await TelemetryHarness.StartAsync(settings);
        telemetry.WriteAll([new LinePoint("m", At).Field("v", 1L)]);

        var stats = await telemetry.WrittenAsync(1);
        Assert.Equal(3, stats.Retried);
        var times = listener.Requests.Select(r => r.At).ToList();
        Assert.Equal(4, times.Count);
        for (var retry = 1; retry < times.Count; retry++)
        {
            var expected = settings.RetryMinDelay * Math.Pow(2, retry - 1);
            Assert.True(times[retry] - times[retry - 1] >= expected * 0.9, $"retry {retry} came after {(times[retry] - times[retry - 1]).TotalMilliseconds} ms, not {expected.TotalMilliseconds} ms");
        }
        Assert.All(listener.Requests, r => Assert.Equal(listener.Requests.First().Body, r.Body));

        listener.Answer(HttpStatusCode.Unauthorized, "{\"code\":\"unauthorized\",\"error\":\"unauthorized access\"}");
        telemetry.WriteAll([new LinePoint("m", At.AddSeconds(1)).Field("v", 1L)]);
        stats = await Poll.UntilAsync(() => Task.FromResult(telemetry.Stats.Snapshot()), s => s.Rejected == 1, "the batch to be refused");
        Assert.Equal("401 Unauthorized: unauthorized access", stats.LastError);
        Assert.Equal(3, stats.Retried);
        Assert.Equal(5, listener.Requests.Count);
    }

    [Fact]
    public async Task Points_written_while_influxd_is_down_arrive_once_after_it_restarts()
    {
        await using var server = await InfluxServer.StartAsync();
        var settings = InfluxFixture.NewSettings(server.Url);
        settings.BatchSize = 50;
        await using var telemetry = await TelemetryHarness.StartAsync(settings);
        telemetry.WriteAll(Points(0, 100));
        await telemetry.WrittenAsync(100);

        await server.StopAsync();
        telemetry.WriteAll(Points(100, 200));
        await Poll.UntilAsync(() => Task.FromResult(telemetry.Stats.Snapshot()), s => s.Retried >= 3, "the writer to retry against the stopped server");
        Assert.Equal(100, telemetry.Stats.Snapshot().Written);

        await server.RestartAsync();
        var stats = await telemetry.WrittenAsync(300);
        Assert.Equal(300, stats.Written);
        Assert.Equal(0, stats.Dropped + stats.Rejected);
        Assert.Equal(300, await telemetry.CountAsync("outage", "seq"));
        var sum = Assert.Single(await telemetry.Query.QueryAsync("SELECT sum(seq) FROM outage"));
        Assert.Equal(Enumerable.Range(0, 300).Sum(), sum.Values[0][1].GetInt64());

        static IEnumerable<LinePoint> Points(int from, int count) =>
            Enumerable.Range(from, count).Select(i => new LinePoint("outage", At.AddMilliseconds(i)).Field("seq", (long)i));
    }

    [Fact]
    public async Task A_full_queue_drops_new_points_and_counts_them()
    {
        var settings = InfluxFixture.NewSettings(new Uri("http://127.0.0.1:9/"));
        settings.QueueCapacity = 3;
        await using var telemetry = new TelemetryHarness(settings);

        var writes = Enumerable.Range(0, 5).Select(i => telemetry.Writer.Write(new LinePoint("m", At).Field("v", (long)i))).ToList();

        Assert.Equal(3, writes.Count(w => w.IsQueued));
        Assert.All(writes.Skip(3), w => Assert.Equal(TelemetryWriteOutcome.Dropped, w.Outcome));
        Assert.Contains("queue is full", writes[^1].Reason, StringComparison.Ordinal);
        Assert.Equal(2, telemetry.Stats.Snapshot().Dropped);
    }

    [Fact]
    public async Task Points_still_queued_when_the_writer_stops_are_sent_before_it_ends()
    {
        await using var listener = new RecordingListener();
        var settings = InfluxFixture.NewSettings(listener.Url);
        settings.Bucket = "b";
        settings.Org = "o";
        settings.BatchSize = 4;
        settings.FlushInterval = TimeSpan.FromMinutes(5);
        await using var telemetry = await TelemetryHarness.StartAsync(settings);
        telemetry.WriteAll(Enumerable.Range(0, 10).Select(i => new LinePoint("m", At.AddSeconds(i)).Field("v", (long)i)));
        await telemetry.WrittenAsync(8);

        await telemetry.Writer.StopAsync(CancellationToken.None);

        var stats = telemetry.Stats.Snapshot();
        Assert.Equal(10, stats.Written);
        Assert.Equal(0, stats.Dropped);
        Assert.Equal(3, listener.Requests.Count);
    }
}
