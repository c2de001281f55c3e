using System.Text.Json;
using EdgeSecurity.Testing;
using Microsoft.Playwright;

namespace EdgeSecurity.Benchmarks;

/// <summary>
/// Debian's chromium, headless, with dashboards signed in as operators. Each page records, per incident id, when its
/// alert row was first painted (epoch milliseconds of the machine's clock, the clock the benchmark reads too).
/// </summary>
internal sealed class DashboardBrowser : IAsyncDisposable
{
    // The first animation frame after a row entered the page is when the operator can see it.
    private const string Recorder = """
        () => {
          window.painted = {};
          new MutationObserver(() => {
            const now = performance.timeOrigin + performance.now();
            for (const row of document.querySelectorAll('li.alert')) {
              const id = row.dataset.id;
              if (window.painted[id] === undefined) {
                window.painted[id] = null;
                requestAnimationFrame(() => { window.painted[id] = performance.timeOrigin + performance.now(); });
              }
            }
          }).observe(document.getElementById('view'), { childList: true, subtree: true });
        }
        """;

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private DashboardBrowser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    public static async Task<DashboardBrowser> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = File.Exists("/usr/lib/chromium/chromium") ? "/usr/lib/chromium/chromium" : "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return new DashboardBrowser(playwright, browser);
    }

    /// <summary>A dashboard signed in as <paramref name="login"/> in its own browser context, its live stream open.</summary>
    public async Task<IPage> OpenDashboardAsync(string hubUrl, string login)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = hubUrl });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.FillAsync("#login-user", login);
        await page.FillAsync("#login-password", DemoSite.Password);
        await page.ClickAsync("#login-submit");
        await page.WaitForSelectorAsync("body[data-stream-opens]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        await page.EvaluateAsync(Recorder);
        return page;
    }

    /// <summary>Incident id → when its row was painted (null: added, not painted yet).</summary>
    public static async Task<Dictionary<string, double?>> PaintedAsync(IPage page) =>
        JsonSerializer.Deserialize<Dictionary<string, double?>>(await page.EvaluateAsync<string>("() => JSON.stringify(window.painted)"))!;

    /// <summary>Forgets the painted rows in <paramref name="ids"/>, so a long run's page keeps no growing record.</summary>
    public static Task ForgetAsync(IPage page, IEnumerable<string> ids) =>
        page.EvaluateAsync("ids => { for (const id of ids) delete window.painted[id]; }", ids.ToArray());

    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
    }
}
