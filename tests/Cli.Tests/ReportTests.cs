using EdgeSecurity.Bindings.TurboJpeg;
using EdgeSecurity.Cli.Tests.Support;

namespace EdgeSecurity.Cli.Tests;

/// <summary><c>report</c> before any test: every device is listed as not tested, cameras with a snapshot of their zones or why there is none.</summary>
public sealed class ReportTests
{
    [Fact]
    public async Task Without_results_every_device_is_not_tested_and_each_camera_has_its_snapshot_or_the_reason()
    {
        using var directory = new TempDirectory();
        var config = await ZoneImageTests.WriteConfigAsync(directory);
        var path = directory.Combine("report.html");

        var result = await Edgesec.RunAsync("report", "--config", config, "--out", path, "--json", "--lang", "en");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        var json = result.Json();
        Assert.All(json.GetProperty("devices").EnumerateArray(), d => Assert.False(d.GetProperty("tested").GetBoolean()));
        Assert.False(json.TryGetProperty("testAlarm", out _));
        var html = await File.ReadAllTextAsync(path);
        Assert.Contains("<h1>Commissioning report</h1>", html, StringComparison.Ordinal);
        Assert.Matches("<tr id=\"device-cam-lawn\"><td>cam-lawn</td><td>camera</td><td>草坪摄像头</td>.*not tested", html);
        Assert.Matches("<tr id=\"device-cam-gone\">.*not tested", html);
        Assert.Matches("<h2>End-to-end test alarm</h2>\\s*<p><span class=\"missing\">not tested</span>", html);
        Assert.Contains("Installer (signature, date)", html, StringComparison.Ordinal);
        Assert.Contains("Property company (signature, stamp, date)", html, StringComparison.Ordinal);
        Assert.Matches("<figure id=\"camera-cam-gone\"><p class=\"missing\">no snapshot: .*no-such-video.avi", html);

        const string Marker = "<figure id=\"camera-cam-lawn\"><img alt=\"cam-lawn (草坪摄像头)\" src=\"data:image/jpeg;base64,";
        var start = html.IndexOf(Marker, StringComparison.Ordinal);
        Assert.True(start >= 0, "no snapshot of cam-lawn");
        start += Marker.Length;
        var jpeg = Convert.FromBase64String(html[start..html.IndexOf('"', start)]);
        using var decompressor = new JpegDecompressor();
        var header = decompressor.ReadHeader(jpeg);
        Assert.Equal((640, 480), (header.Width, header.Height));
    }

    [Theory]
    [InlineData("open", "Opened")]
    [InlineData("closed", "Closed")]
    [InlineData("alarm", "Alarm")]
    [InlineData("security.door_forced_open", "Door forced open")]
    public void A_firing_is_named_as_the_events_are_capitalised(string what, string english)
    {
        Assert.Equal(english, new Localization.Messages(Localization.Language.English).Firing(what));
        Assert.NotEqual(what, new Localization.Messages(Localization.Language.SimplifiedChinese).Firing(what));
    }

    [Fact]
    public async Task A_report_folder_that_does_not_exist_exits_with_2()
    {
        using var directory = new TempDirectory();
        var config = await ZoneImageTests.WriteConfigAsync(directory);

        var result = await Edgesec.RunAsync("report", "--config", config, "--out", directory.Combine("no/such/report.html"), "--lang", "zh-CN");

        Assert.Equal(ExitCodes.BadUsage, result.ExitCode);
        Assert.Contains("报告所在的目录不存在", result.Error, StringComparison.Ordinal);
    }
}
