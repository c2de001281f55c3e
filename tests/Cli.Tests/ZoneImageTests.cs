using EdgeSecurity.Bindings.TurboJpeg;
using EdgeSecurity.Cli.Tests.Support;

namespace EdgeSecurity.Cli.Tests;

/// <summary>
/// <c>zone draw</c> and <c>zone preview</c> on a file camera (vtest.avi) at its detect size: the JPEG decodes at that
/// size, and the grid's lines and the zones' outlines are where they must be, told apart from the picture by colour
/// along the whole line rather than at one pixel (JPEG blurs colour).
/// </summary>
public sealed class ZoneImageTests
{
    [Fact]
    public async Task Draw_writes_the_snapshot_at_the_detect_size_with_a_grid_line_every_50_pixels()
    {
        using var directory = new TempDirectory();
        var config = await WriteConfigAsync(directory);
        var path = directory.Combine("grid.jpg");

        var result = await Edgesec.RunAsync("zone", "draw", "cam-lawn", "--config", config, "--out", path, "--json", "--lang", "en");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Equal(50, result.Json().GetProperty("gridStep").GetInt32());
        var image = Decode(path);
        Assert.Equal((640, 480), (image.Width, image.Height));
        // The grid is cyan (0, 230, 255): blue well above red along each line, not between them.
        double Cyan(int x, int y) => Pixel(image, x, y).B - Pixel(image, x, y).R;
        foreach (var x in new[] { 100, 300, 550 })
            Assert.True(Column(x, Cyan) > Column(x + 25, Cyan) + 60, $"no grid line at x={x}");
        foreach (var y in new[] { 100, 250, 400 })
            Assert.True(Row(image, y, Cyan) > Row(image, y + 25, Cyan) + 60, $"no grid line at y={y}");

        double Column(int x, Func<int, int, double> measure) => Enumerable.Range(20, image.Height - 40).Average(y => measure(x, y));
    }

    [Fact]
    public async Task Preview_outlines_each_zone_in_yellow_where_the_config_puts_it()
    {
        using var directory = new TempDirectory();
        var config = await WriteConfigAsync(directory);
        var path = directory.Combine("zones.jpg");

        var result = await Edgesec.RunAsync("zone", "preview", "cam-lawn", "--config", config, "--out", path, "--lang", "zh-CN");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("已画出 1 个区域", result.Output, StringComparison.Ordinal);
        var image = Decode(path);
        Assert.Equal((640, 480), (image.Width, image.Height));
        // Yellow (250, 210, 30): red far above blue on the lawn's top and bottom edges (x 150-450), not 20 px inside (green grass).
        double Yellow(int x, int y) => Pixel(image, x, y).R - Pixel(image, x, y).B;
        Assert.True(Row(image, 300, Yellow, 150, 450) > Row(image, 320, Yellow, 150, 450) + 50, "no zone edge at y=300");
        Assert.True(Row(image, 450, Yellow, 150, 450) > Row(image, 430, Yellow, 150, 450) + 50, "no zone edge at y=450");
    }

    [Theory]
    [InlineData("draw", "cam-missing", "has no camera 'cam-missing'; known cameras: cam-lawn", ExitCodes.BadUsage)]
    [InlineData("preview", "cam-gone", "cannot reach the camera at", ExitCodes.Unreachable)]
    public async Task An_unknown_or_unreachable_camera_is_named_with_what_to_do(string command, string camera, string message, int exitCode)
    {
        using var directory = new TempDirectory();
        var config = await WriteConfigAsync(directory);

        var result = await Edgesec.RunAsync("zone", command, camera, "--config", config, "--out", directory.Combine("x.jpg"), "--lang", "en");

        Assert.True(result.ExitCode == exitCode, result.ToString());
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(directory.Combine("x.jpg")));
    }

    internal static async Task<string> WriteConfigAsync(TempDirectory directory)
    {
        var path = directory.Combine("agent.yaml");
        await File.WriteAllTextAsync(path, $$"""
            gateway: { id: gw-zone, community: cm-zone }
            broker: { host: 127.0.0.1 }
            dataDirectory: {{directory.Path}}
            cameras:
              - id: cam-lawn
                name: 草坪摄像头
                source: {{Path.Combine(RepositoryLayout.SharedDirectory, "media", "vtest.avi")}}
                width: 640
                height: 480
                zones:
                  - { name: lawn, points: [[100, 300], [500, 300], [500, 450], [100, 450]] }
              - id: cam-gone
                source: {{directory.Combine("no-such-video.avi")}}
            """);
        return path;
    }

    private static JpegImage Decode(string path)
    {
        using var decompressor = new JpegDecompressor();
        return decompressor.Decompress(File.ReadAllBytes(path), JpegPixelFormat.Rgb);
    }

    private static (byte R, byte G, byte B) Pixel(JpegImage image, int x, int y)
    {
        var at = ((y * image.Width) + x) * 3;
        return (image.Pixels[at], image.Pixels[at + 1], image.Pixels[at + 2]);
    }

    private static double Row(JpegImage image, int y, Func<int, int, double> measure, int from = 20, int to = -1) =>
        Enumerable.Range(from, (to < 0 ? image.Width - 20 : to) - from).Average(x => measure(x, y));
}
