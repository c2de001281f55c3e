using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EdgeSecurity.Contract;
using EdgeSecurity.Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;

namespace EdgeSecurity.Dashboard.Tests;

/// <summary>The dashboard in a real chromium against a real hub and broker: what people see and do, and how bad input shows.</summary>
public sealed class DashboardBrowserTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private readonly DashboardHub _hub = fixture.Hub;

    [Fact]
    public async Task An_edge_alarm_appears_live_the_operator_acknowledges_and_resolves_it_and_police_of_another_jurisdiction_never_see_it()
    {
        var operatorPage = await fixture.SignedInPageAsync("wangmin");
        var policeWu = await fixture.SignedInPageAsync("police-wu");
        Assert.Equal("民警值班", await policeWu.TextContentAsync("#nav-queue"));
        await operatorPage.EvaluateAsync("window.notReloaded = true");

        var e = await _hub.PublishAsync(DemoSite.Community, DemoSite.Gateway, EventTypes.DoorForcedOpen, NewDevice());
        var id = (string)(await DashboardHub.IncidentOfAsync(fixture.Admin, e))["id"]!;

        var row = operatorPage.Locator($"li.alert[data-id='{id}']");
        await row.WaitForAsync();
        Assert.Contains("门被强行打开", await row.TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("阳光花园社区", await row.TextContentAsync(), StringComparison.Ordinal);
        Assert.True(await operatorPage.EvaluateAsync<bool>("window.notReloaded === true"), "the page was reloaded");
        Assert.True(int.Parse(await operatorPage.TextContentAsync("#unacked-count") ?? "0", System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.True(await operatorPage.EvaluateAsync<int>("Number(document.body.dataset.alarmsSounded ?? 0)") >= 1, "no alarm sound for a level-2 alert");
        await Chromium.ScreenshotAsync(operatorPage, "1-operator-alert-queue");

        await row.ClickAsync();
        await operatorPage.WaitForSelectorAsync($"#incident[data-id='{id}'][data-state='reported']");
        Assert.Contains("3号楼 2单元 1层", await operatorPage.TextContentAsync("#incident-place"), StringComparison.Ordinal);
        await operatorPage.ClickAsync("button[data-action='acknowledge']");
        await operatorPage.WaitForSelectorAsync($"#incident[data-id='{id}'][data-state='acknowledged']");
        await operatorPage.FillAsync("#action-note", "门已关好");
        await operatorPage.ClickAsync("button[data-action='resolve']");
        await operatorPage.WaitForSelectorAsync($"#incident[data-id='{id}'][data-state='resolved']");
        var timeline = await operatorPage.Locator("#timeline tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.action + ':' + r.cells[1].textContent)");
        Assert.Equal(["reported:system", "acknowledge:wangmin", "resolve:wangmin"], timeline);
        await Chromium.ScreenshotAsync(operatorPage, "2-operator-incident-resolved");

        // Police-wu's jurisdiction is 翠苑街道: an alarm there reaches their duty view, the one of 阳光花园 (文新街道) never does.
        var own = await _hub.PublishAsync(DemoSite.OtherCommunity, DemoSite.OtherGateway, EventTypes.PerimeterIntrusion, NewDevice(), grid: "grid-11");
        var ownId = (string)(await DashboardHub.IncidentOfAsync(fixture.Admin, own))["id"]!;
        await policeWu.Locator($"li.alert[data-id='{ownId}']").WaitForAsync();
        Assert.Equal(0, await policeWu.Locator($"li.alert[data-id='{id}']").CountAsync());
        Assert.Equal(1, await policeWu.Locator("li.alert").CountAsync());
        await Chromium.ScreenshotAsync(policeWu, "3-police-wu-duty-view");
        await operatorPage.Context.CloseAsync();
        await policeWu.Context.CloseAsync();
    }

    [Fact]
    public async Task The_operator_dispatches_a_guard_who_gets_only_the_buttons_of_a_guard_and_reports_on_site()
    {
        var e = await _hub.PublishAsync(DemoSite.Community, DemoSite.Gateway, EventTypes.DoorTamper, NewDevice());
        var id = (string)(await DashboardHub.IncidentOfAsync(fixture.Admin, e))["id"]!;
        var operatorPage = await fixture.SignedInPageAsync("wangmin");
        await operatorPage.GotoAsync($"/#/incident/{id}");
        await operatorPage.ClickAsync("button[data-action='acknowledge']");
        await operatorPage.WaitForSelectorAsync("#incident[data-state='acknowledged']");
        await operatorPage.SelectOptionAsync("#action-assignee", "guard-li");
        await operatorPage.ClickAsync("button[data-action='dispatch']");
        await operatorPage.WaitForSelectorAsync("#incident[data-state='dispatched']");

        var guard = await fixture.SignedInPageAsync("guard-li");
        await guard.GotoAsync($"/#/incident/{id}");
        await guard.WaitForSelectorAsync("#incident[data-state='dispatched'] button.action");
        var buttons = await guard.Locator("button.action").EvaluateAllAsync<string[]>("buttons => buttons.map(b => b.dataset.action)");
        Assert.Equal(["arrive", "resolve", "false_alarm", "note"], buttons);
        await guard.ClickAsync("button[data-action='arrive']");
        await guard.WaitForSelectorAsync("#incident[data-state='on_site']");
        // The operator's open detail follows the guard's step live.
        await operatorPage.WaitForSelectorAsync("#incident[data-state='on_site']");
        await Chromium.ScreenshotAsync(operatorPage, "9-operator-sees-guard-on-site");
        await operatorPage.Context.CloseAsync();
        await guard.Context.CloseAsync();
    }

    [Fact]
    public async Task The_incident_detail_shows_the_snapshot_the_gateway_sent()
    {
        var jpeg = File.ReadAllBytes(Path.Combine(RepositoryLayout.SharedDirectory, "media", "vtest_frame_t20s.jpg"));
        var e = await _hub.PublishWithSnapshotAsync(DemoSite.Community, DemoSite.Gateway, $"cam-{Guid.NewGuid():N}"[..12], jpeg);
        var id = (string)(await DashboardHub.IncidentOfAsync(fixture.Admin, e))["id"]!;
        var page = await fixture.SignedInPageAsync("wangmin");
        await page.GotoAsync($"/#/incident/{id}");

        var image = page.Locator("#evidence-image");
        await image.WaitForAsync();
        Assert.StartsWith("/api/evidence?uri=evidence%3A%2F%2F", await image.GetAttributeAsync("src"), StringComparison.Ordinal);
        // The file follows the event: the image's address answers once it has arrived, with a picture the browser decodes.
        const string Width = "async () => { const r = await fetch(document.querySelector('#evidence-image').src); return r.status === 200 ? (await createImageBitmap(await r.blob())).width : r.status; }";
        await Poll.UntilAsync(() => page.EvaluateAsync<int>(Width), width => width == 768, "the snapshot to be served to the page");
        await page.ReloadAsync();
        await page.WaitForFunctionAsync("() => document.querySelector('#evidence-image')?.naturalWidth === 768");
        await Chromium.ScreenshotAsync(page, "10-operator-incident-snapshot");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_wrong_password_is_refused_on_the_page_in_chinese_and_in_english()
    {
        var context = await fixture.Chromium.NewContextAsync(_hub.BaseAddress);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        Assert.Equal("zh-CN", await page.GetAttributeAsync("html", "lang"));
        await page.FillAsync("#login-user", "guard-li");
        await page.FillAsync("#login-password", "wrong-password");
        await page.ClickAsync("#login-submit");
        await page.WaitForSelectorAsync("#login-error:not([hidden])");
        Assert.Equal("用户名或密码错误", await page.TextContentAsync("#login-error"));

        await page.ClickAsync("#login button.link");
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal("Sign in", await page.TextContentAsync("#login-submit"));
        await page.FillAsync("#login-user", "guard-li");
        await page.FillAsync("#login-password", "wrong-again");
        await page.ClickAsync("#login-submit");
        await page.WaitForSelectorAsync("#login-error:text('Wrong login or password')");
        await Chromium.ScreenshotAsync(page, "4-wrong-password-english");
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_forged_csrf_token_is_refused_visibly_and_changes_nothing()
    {
        var page = await fixture.SignedInPageAsync("wangmin");
        var e = await _hub.PublishAsync(DemoSite.Community, DemoSite.Gateway, EventTypes.DoorHeldOpen, NewDevice());
        var id = (string)(await DashboardHub.IncidentOfAsync(fixture.Admin, e))["id"]!;
        await page.GotoAsync($"/#/incident/{id}");
        await page.WaitForSelectorAsync("button[data-action='acknowledge']");
        await page.ClickAsync("button[data-action='note']");
        await page.WaitForSelectorAsync("#banner.error:not([hidden])");
        Assert.Equal("此操作需要填写说明", await page.TextContentAsync("#banner"));

        await page.EvaluateAsync("sessionStorage.setItem('es.csrf', 'forged-by-another-site')");
        await page.ClickAsync("button[data-action='acknowledge']");
        await page.WaitForSelectorAsync("#banner.error:text('安全令牌无效')");
        Assert.Contains("安全令牌无效", await page.TextContentAsync("#banner"), StringComparison.Ordinal);
        var detail = await fixture.Admin.GetFromJsonAsync<JsonObject>($"/api/incidents/{id}");
        Assert.Equal("reported", (string?)detail!["incident"]!["state"]);
        await Chromium.ScreenshotAsync(page, "5-forged-csrf");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_expired_session_brings_back_the_login_with_the_reason()
    {
        var page = await fixture.SignedInPageAsync("grid-zhao");
        await page.Context.ClearCookiesAsync();
        await page.ClickAsync("#nav-health");
        await page.WaitForSelectorAsync("#login-error:not([hidden])");
        Assert.Equal("会话已过期，请重新登录", await page.TextContentAsync("#login-error"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task After_the_stream_drops_it_reconnects_and_the_list_is_reloaded_with_the_alarm_missed_meanwhile()
    {
        await using var relay = new TcpRelay(_hub.BaseAddress);
        var page = await fixture.SignedInPageAsync("wangmin", relay.Address);

        Assert.True(relay.DropAll() > 0);
        await page.WaitForSelectorAsync("#banner.error:not([hidden])");
        Assert.Equal("连接中断，正在重连…", await page.TextContentAsync("#banner"));
        var e = await _hub.PublishAsync(DemoSite.Community, DemoSite.Gateway, EventTypes.SmokeAlarm, NewDevice());
        var id = (string)(await DashboardHub.IncidentOfAsync(fixture.Admin, e))["id"]!;

        await page.Locator($"li.alert[data-id='{id}']").WaitForAsync();
        await page.WaitForSelectorAsync("body[data-stream-opens='2']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        Assert.Equal("已重新连接，列表已刷新", await page.TextContentAsync("#banner"));
        await Chromium.ScreenshotAsync(page, "6-stream-reconnected");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Device_health_lists_offline_gateways_first_and_charts_a_device_s_telemetry_as_svg()
    {
        var now = DateTimeOffset.UtcNow;
        await _hub.PublishDeviceAsync(DemoSite.Community, DemoSite.Gateway, "smoke-b3", "normal",
            (now.AddMinutes(-3), new() { ["temperature"] = 21.5, ["smokeDensity"] = 0.02 }),
            (now.AddMinutes(-2), new() { ["temperature"] = 22.5, ["smokeDensity"] = 0.03 }),
            (now.AddMinutes(-1), new() { ["temperature"] = 24.0, ["smokeDensity"] = 0.09 }));
        await _hub.PublishStatusAsync(DemoSite.Gateway, DemoSite.Community, GatewayState.Online);
        await _hub.PublishStatusAsync(DemoSite.OtherGateway, DemoSite.OtherCommunity, GatewayState.Offline);
        await Poll.UntilAsync(async () => (await fixture.Admin.GetFromJsonAsync<JsonArray>("/api/gateways"))!, g => g.Count == 2, "both gateways known");
        var page = await fixture.SignedInPageAsync("county-sun");
        await page.ClickAsync("#nav-health");
        await page.WaitForSelectorAsync("#health tr.gateway");
        var rows = await page.Locator("#health tr.gateway").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.gateway + ':' + r.dataset.state)");
        Assert.Equal([$"{DemoSite.OtherGateway}:offline", $"{DemoSite.Gateway}:online"], rows);

        await Poll.UntilAsync(async () => (await fixture.Admin.GetFromJsonAsync<JsonObject>($"/api/telemetry?gateway={DemoSite.Gateway}&device=smoke-b3"))!,
            c => c["series"]!.AsArray().Count == 2 && c["series"]!.AsArray().All(s => s!["points"]!.AsArray().Count == 3), "three points of two fields in InfluxDB");
        await page.ClickAsync($"#health tr[data-gateway='{DemoSite.Gateway}'] button.show-devices");
        await page.ClickAsync("li[data-device='smoke-b3'] button.show-chart");
        var line = page.Locator("svg.chart[data-field='temperature'] polyline");
        await line.WaitForAsync();
        Assert.Equal(3, (await line.GetAttributeAsync("points"))!.Split(' ').Length);
        Assert.Equal(2, await page.Locator("svg.chart").CountAsync());
        await Chromium.ScreenshotAsync(page, "7-device-health-and-chart");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_site_plan_places_a_device_by_its_events_and_recolours_it_live_when_its_alarm_rises()
    {
        var device = NewDevice();
        var e = await _hub.PublishAsync(DemoSite.Community, DemoSite.Gateway, EventTypes.DoorForcedOpen, device);
        await DashboardHub.IncidentOfAsync(fixture.Admin, e);
        var page = await fixture.SignedInPageAsync("police-chen");
        await page.ClickAsync("#nav-site");
        var marker = page.Locator($"#site-plan g.device[data-device='{device}']");
        await marker.WaitForAsync();
        Assert.Equal("device level-2", await marker.GetAttributeAsync("class"));
        Assert.Contains("3号楼", await page.TextContentAsync("#site-plan"), StringComparison.Ordinal);

        await _hub.PublishAsync(DemoSite.Community, DemoSite.Gateway, EventTypes.DoorForcedOpen, device, level: WarningLevel.Alarm);
        await page.WaitForSelectorAsync($"#site-plan g.device.level-3[data-device='{device}']");
        await Chromium.ScreenshotAsync(page, "8-site-plan");
        await marker.ClickAsync();
        await page.WaitForSelectorAsync("#incident");
        await page.Context.CloseAsync();
    }

    private static string NewDevice() => $"door-{Guid.NewGuid():N}"[..13];
}
