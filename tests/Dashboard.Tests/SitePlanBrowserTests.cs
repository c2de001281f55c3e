using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EdgeSecurity.Contract;
using EdgeSecurity.Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;

namespace EdgeSecurity.Dashboard.Tests;

/// <summary>
/// The uploaded site plan in a real chromium: the admin uploads it and places a door on it, an operator's site view
/// shows it, and the door's state, its alarm and its gateway going offline change the marker without a reload. Its own
/// hub, so the generated schematic of <see cref="DashboardBrowserTests"/> is never replaced by this plan.
/// </summary>
public sealed class SitePlanBrowserTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private readonly DashboardHub _hub = fixture.Hub;

    [Fact]
    public async Task The_admin_uploads_a_plan_and_places_a_door_which_an_operator_then_sees_open_alarmed_and_offline_live()
    {
        var device = $"door-{Guid.NewGuid():N}"[..13];
        await _hub.PublishStatusAsync(DemoSite.Gateway, DemoSite.Community, GatewayState.Online);
        await _hub.PublishDeviceAsync(DemoSite.Community, DemoSite.Gateway, device, "closed");
        await Poll.UntilAsync(async () => (await fixture.Admin.GetFromJsonAsync<JsonObject>($"/api/devices/states?community={DemoSite.Community}"))!,
            s => s["devices"]!.AsArray().Any(d => (string?)d!["deviceId"] == device) && s["gateways"]!.AsArray().Any(g => (string?)g!["state"] == "online"),
            "the door's state and its gateway online at the hub");

        var admin = await fixture.SignedInPageAsync("admin");
        await admin.GotoAsync($"/#/site/{DemoSite.Community}");
        await admin.WaitForSelectorAsync("#site[data-plan='generated'] #plan-editor");
        await admin.SetInputFilesAsync("#plan-file", new FilePayload { Name = "plan.png", MimeType = "image/png", Buffer = PlanPictures.Png(800, 500) });
        await admin.ClickAsync("#plan-upload");
        await admin.WaitForSelectorAsync("#site[data-plan='uploaded'] #site-plan svg.uploaded image");
        await admin.SelectOptionAsync("#marker-target", $"device:{DemoSite.Gateway}/{device}");
        var box = (await admin.Locator("#site-plan svg.uploaded").BoundingBoxAsync())!;
        await admin.Mouse.ClickAsync(box.X + box.Width * 0.3f, box.Y + box.Height * 0.4f);
        await admin.Locator($"#site-plan g.device[data-device='{device}']").WaitForAsync();
        await admin.ClickAsync("#markers-save");
        await admin.WaitForSelectorAsync("#plan-saved:not([hidden])");
        await Chromium.ScreenshotAsync(admin, "11-admin-places-a-door-on-the-plan");
        var marker = (await fixture.Admin.GetFromJsonAsync<JsonObject>($"/api/places/{DemoSite.Community}/plan/markers"))!["markers"]!.AsArray().Single()!;
        Assert.Equal((DemoSite.Gateway, device), ((string?)marker["gatewayId"], (string?)marker["deviceId"]));
        Assert.InRange((double)marker["x"]!, 0.29, 0.31);
        Assert.InRange((double)marker["y"]!, 0.39, 0.41);
        await admin.Context.CloseAsync();

        var page = await fixture.SignedInPageAsync("wangmin");
        await page.ClickAsync("#nav-site");
        var door = $"#site-plan svg.uploaded g.device[data-device='{device}']";
        await page.WaitForSelectorAsync($"{door}[data-state='closed'][data-online='true']");
        await page.WaitForSelectorAsync("body[data-device-stream='open']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        Assert.Equal(0, await page.Locator("#plan-editor").CountAsync());
        const string PlanWidth = "async () => { const r = await fetch(document.querySelector('#site-plan image').getAttribute('href')); return r.status === 200 ? (await createImageBitmap(await r.blob())).width : r.status; }";
        Assert.Equal(800, await page.EvaluateAsync<int>(PlanWidth));
        await page.EvaluateAsync("window.notReloaded = true");

        await _hub.PublishDeviceAsync(DemoSite.Community, DemoSite.Gateway, device, "open");
        await page.WaitForSelectorAsync($"{door}.state-open[data-state='open']");
        Assert.Contains("开", await page.Locator(door).TextContentAsync(), StringComparison.Ordinal);
        await _hub.PublishAsync(DemoSite.Community, DemoSite.Gateway, EventTypes.DoorForcedOpen, device);
        await page.WaitForSelectorAsync($"{door}.level-2[data-level='2']");
        await Chromium.ScreenshotAsync(page, "12-operator-site-plan-door-open-alarm");
        await _hub.PublishStatusAsync(DemoSite.Gateway, DemoSite.Community, GatewayState.Offline);
        await page.WaitForSelectorAsync($"{door}.offline.level-2[data-online='false']");
        Assert.True(await page.EvaluateAsync<bool>("window.notReloaded === true"), "the page was reloaded");
        await Chromium.ScreenshotAsync(page, "13-operator-site-plan-gateway-offline");

        await page.ClickAsync("#lang");
        await page.WaitForSelectorAsync($"{door}:has-text('offline')");
        await page.Context.CloseAsync();
        await _hub.PublishStatusAsync(DemoSite.Gateway, DemoSite.Community, GatewayState.Online);
    }
}
