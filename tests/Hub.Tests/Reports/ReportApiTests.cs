using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using EdgeSecurity.Contract;
using EdgeSecurity.Hub.Tests.Infrastructure;

namespace EdgeSecurity.Hub.Tests.Reports;

/// <summary>A report of real incidents handled through the API, in each format, to the people allowed to see it.</summary>
public abstract class ReportApiTests(HubFixture fixture)
{
    [Fact]
    public async Task A_weekly_report_counts_the_incidents_and_how_they_were_closed_off_in_json_csv_and_html()
    {
        var resolved = await ReportAsync(EventTypes.DoorForcedOpen, "door-r1");
        await fixture.People.ActAsync("wangmin", resolved, "acknowledge");
        await fixture.People.ActAsync("wangmin", resolved, "resolve");
        var falseAlarm = await ReportAsync(EventTypes.SmokeAlarm, "smoke-r1");
        await fixture.People.ActAsync("wangmin", falseAlarm, "acknowledge");
        await fixture.People.ActAsync("wangmin", falseAlarm, "false_alarm", note: "厨房油烟");
        var escalated = await ReportAsync(EventTypes.DoorTamper, "door-r2");
        await fixture.People.ActAsync("wangmin", escalated, "escalate", note: "线路被剪");
        await fixture.People.ActAsync("street-liu", escalated, "acknowledge");
        await fixture.People.ActAsync("street-liu", escalated, "resolve");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime);
        var query = $"/api/reports?place=st-wenxin&period=weekly&date={today:yyyy-MM-dd}";

        var (status, report) = await fixture.People.GetAsync("street-liu", query);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(3, (int)report!["incidents"]!);
        Assert.Equal(3, (int)report["resolution"]!["count"]!);
        Assert.Equal([2, 1, 0], report["resolvedByTier"]!.AsArray().Select(t => (int)t!["finished"]!));
        Assert.Equal("smoke-r1", (string?)report["falseAlarmsByDevice"]![0]!["deviceId"]);

        var csv = await (await fixture.People.AsAsync("street-liu")).GetByteArrayAsync(new Uri(query + "&format=csv", UriKind.Relative));
        Assert.Equal(Encoding.UTF8.GetPreamble(), csv[..3]);
        Assert.Contains("by_type,fire.smoke_alarm,烟感报警,Smoke alarm,1", Encoding.UTF8.GetString(csv), StringComparison.Ordinal);
        var html = await (await fixture.People.AsAsync("street-liu")).GetStringAsync(new Uri(query + "&format=html", UriKind.Relative));
        Assert.Contains("文新街道 事件分析报告", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reports_are_for_the_places_people_cover_and_bad_parameters_are_named()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.People.GetAsync("police-wu", "/api/reports?place=st-wenxin")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.People.GetAsync("guard-li", "/api/reports?place=cm-demo")).Status);
        Assert.Equal(HttpStatusCode.OK, (await fixture.People.GetAsync("county-sun", "/api/reports?place=st-wenxin&period=quarterly")).Status);
        var (status, problem) = await fixture.People.GetAsync("admin", "/api/reports?place=cm-demo&period=daily&date=2026-13-01");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(problem!["errors"]!["period"]);
        Assert.NotNull(problem["errors"]!["date"]);
    }

    private async Task<Guid> ReportAsync(EventType type, string device)
    {
        var now = DateTimeOffset.UtcNow;
        var e = SampleEvents.Create(DemoSite.Community, type, occurredAt: now) with
        {
            GatewayId = DemoSite.Gateway, DeviceId = device, IsTest = false, PublishedAt = now,
            Place = new Place(DemoSite.Community, DemoSite.Grid, "3"),
        };
        await fixture.Edge.PublishAsync(e);
        var log = await Poll.UntilAsync(() => fixture.People.GetAsync("admin", $"/api/events?community={DemoSite.Community}&pageSize=500"),
            r => r.Body!["items"]!.AsArray().Any(i => (string?)i!["eventId"] == e.EventId.ToString()), "the event to be stored");
        return Guid.Parse((string)log.Body!["items"]!.AsArray().Single(i => (string?)i!["eventId"] == e.EventId.ToString())!["incidentId"]!);
    }
}

public sealed class ReportApiTestsOnSqlite(HubFixture fixture) : ReportApiTests(fixture), IClassFixture<HubFixture>;

public sealed class ReportApiTestsOnPostgres(PostgresHubFixture fixture) : ReportApiTests(fixture), IClassFixture<PostgresHubFixture>;
