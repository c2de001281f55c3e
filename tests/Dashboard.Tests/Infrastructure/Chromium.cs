using Microsoft.Playwright;

namespace EdgeSecurity.Dashboard.Tests.Infrastructure;

/// <summary>
/// Debian's chromium driven by Playwright's bundled driver; no browser download. Launch costs seconds, so a test class
/// shares one and gives each test fresh contexts (cookies, storage).
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    private static readonly string[] Executables = ["/usr/lib/chromium/chromium", "/usr/bin/chromium"];

    private readonly IPlaywright _playwright;

    private Chromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    /// <summary>Where screenshots go: under the test's output directory, kept as artefacts.</summary>
    public static string ScreenshotDirectory { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    public static async Task<Chromium> LaunchAsync()
    {
        var executable = Executables.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("chromium was not found: install the Debian package chromium (./setup.sh does)");
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--autoplay-policy=no-user-gesture-required"],
            });
            return new Chromium(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>A fresh browser profile (no cookies, no storage) at the hub's address.</summary>
    public Task<IBrowserContext> NewContextAsync(Uri baseAddress) =>
        Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString(), Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright.Dispose();
    }
}
