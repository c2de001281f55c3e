using EdgeSecurity.Cli.Tests.Support;

namespace EdgeSecurity.Cli.Tests;

/// <summary><c>serial scan</c> against the smoke-detector simulator, a real process on a socat pty pair, serving ids 1 and 3.</summary>
public sealed class SerialScanTests
{
    private static readonly TimeSpan SimulatorStartTimeout = TimeSpan.FromSeconds(20);

    private static string SmokeDetectorProfile => Path.Combine(RepositoryLayout.Root, "hardware", "profiles", "photoelectric-smoke-detector.yaml");

    [Fact]
    public async Task The_scan_finds_exactly_ids_1_and_3_and_matches_the_smoke_detector_profile()
    {
        await using var pair = await SocatPtyPair.StartAsync();
        await using var simulator = ServiceProcess.StartDotnet(
            RepositoryLayout.SmokeDetectorSimulatorDll, ["--line", pair.PathB, "--device", $"1,3={SmokeDetectorProfile}"], RepositoryLayout.Root);
        await simulator.WaitForOutputAsync("ready:", SimulatorStartTimeout);

        // The simulator's first answers wait for its JIT, so the first scan (ids that answer) gets a generous timeout;
        // the second still allows for two loaded cores, while every silent id costs up to two timeouts.
        var chinese = await Edgesec.RunAsync("serial", "scan", pair.PathA, "--ids", "1,3", "--profile", SmokeDetectorProfile, "--timeout", "5s", "--lang", "zh-CN");
        // The default profiles (installed next to edgesec.dll) include one the detectors must not match.
        var json = await Edgesec.RunAsync("serial", "scan", pair.PathA, "--ids", "1-5", "--timeout", "500ms", "--json");

        Assert.True(json.ExitCode == ExitCodes.Ok, json.ToString());
        var devices = json.Json().GetProperty("devices").EnumerateArray().ToList();
        Assert.Equal([1, 3], devices.Select(d => d.GetProperty("slaveId").GetInt32()));
        Assert.All(devices, d => Assert.Equal("answered", d.GetProperty("answer").GetString()));
        Assert.All(devices, d => Assert.Equal(["photoelectric-smoke-detector"], d.GetProperty("matchingProfiles").EnumerateArray().Select(p => p.GetString())));

        Assert.True(chinese.ExitCode == ExitCodes.Ok, chinese.ToString());
        Assert.Contains("photoelectric-smoke-detector", chinese.Output, StringComparison.Ordinal);
        Assert.Contains("有 2 个设备应答", chinese.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bus_where_nobody_answers_exits_with_1_and_suggests_what_to_check()
    {
        await using var pair = await SocatPtyPair.StartAsync();

        var result = await Edgesec.RunAsync("serial", "scan", pair.PathA, "--ids", "1-2", "--timeout", "50ms", "--lang", "en");

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.Contains($"no Modbus device answered on {pair.PathA} at 9600 baud", result.Error, StringComparison.Ordinal);
        Assert.Contains("swap A and B", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "cannot open /dev/ttyEDGESEC9: Serial device /dev/ttyEDGESEC9 does not exist")]
    [InlineData("zh-CN", "无法打开 /dev/ttyEDGESEC9：")]
    public async Task A_missing_port_exits_with_3(string language, string message)
    {
        var result = await Edgesec.RunAsync("serial", "scan", "/dev/ttyEDGESEC9", "--lang", language);

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_profile_exits_with_2_and_lists_its_errors()
    {
        using var directory = new TempDirectory();
        var profile = directory.Combine("broken.yaml");
        await File.WriteAllTextAsync(profile, "name: Bad Name\n");

        var result = await Edgesec.RunAsync("serial", "scan", "/dev/ttyEDGESEC9", "--profile", profile, "--lang", "en");

        Assert.Equal(ExitCodes.BadUsage, result.ExitCode);
        Assert.Contains($"the device profile {profile} has errors:", result.Error, StringComparison.Ordinal);
        Assert.Contains($"{profile}:1:", result.Error, StringComparison.Ordinal);
    }
}
