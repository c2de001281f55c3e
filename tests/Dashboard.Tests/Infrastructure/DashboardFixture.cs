using Microsoft.Playwright;

namespace EdgeSecurity.Dashboard.Tests.Infrastructure;

/// <summary>One influxd, one hub writing to it, one chromium and a signed-in admin HTTP client, shared by a test class.</summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public InfluxServer Influx { get; private set; } = null!;

    public DashboardHub Hub { get; private set; } = null!;

    public Chromium Chromium { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Influx = await InfluxServer.StartAsync();
        Hub = await DashboardHub.StartAsync($"--Hub:Telemetry:Url={Influx.Url}", "--Hub:Telemetry:FlushInterval=00:00:00.1");
        Chromium = await Chromium.LaunchAsync();
        Admin = await DemoSite.SignInAsync(Hub.BaseAddress);
    }

    /// <summary>A fresh browser profile signed in as <paramref name="login"/> through the login page, with the live stream open.</summary>
    public async Task<IPage> SignedInPageAsync(string login, Uri? through = null)
    {
        var context = await Chromium.NewContextAsync(through ?? Hub.BaseAddress);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.FillAsync("#login-user", login);
        await page.FillAsync("#login-password", DemoSite.Password);
        await page.ClickAsync("#login-submit");
        await page.WaitForSelectorAsync("#queue");
        await page.WaitForSelectorAsync("body[data-stream-opens]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        return page;
    }

    // The browser goes first: an open event stream would hold up the hub's shutdown.
    public async Task DisposeAsync()
    {
        Admin?.Dispose();
        if (Chromium is not null)
            await Chromium.DisposeAsync();
        if (Hub is not null)
            await Hub.DisposeAsync();
        if (Influx is not null)
            await Influx.DisposeAsync();
    }
}
