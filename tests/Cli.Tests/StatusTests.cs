using EdgeSecurity.Cli.Tests.Support;

namespace EdgeSecurity.Cli.Tests;

/// <summary><c>status</c> against a real agent process whose broker is unreachable: the control socket still answers.</summary>
public sealed class StatusTests
{
    private static readonly TimeSpan AgentStartTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_running_agent_reports_its_gateway_broker_mode_outbox_devices_and_cameras_in_both_languages_and_as_json()
    {
        using var directory = new TempDirectory();
        var config = await WriteConfigAsync(directory);
        var socket = directory.Combine("agent.sock");
        await using var agent = ServiceProcess.StartDotnet(RepositoryLayout.AgentDll, ["--config", config], directory.Path);
        await agent.WaitForOutputAsync("starting: gateway gw-cli", AgentStartTimeout);
        // The camera's file is missing: it goes offline at once, as an unplugged one would.
        var json = await Poll.UntilAsync(() => Edgesec.RunAsync("status", "--config", config, "--json"),
            r => r.ExitCode != ExitCodes.Unreachable && r.Output.Contains("\"offline\"", StringComparison.Ordinal), "the agent's control socket to answer with the camera offline");

        var english = await Edgesec.RunAsync("status", "--socket", socket, "--lang", "en");
        var chinese = await Edgesec.RunAsync("status", "--config", config, "--lang", "zh-CN");

        Assert.True(json.ExitCode == ExitCodes.Ok, json.ToString());
        var status = json.Json().GetProperty("status");
        Assert.Equal("gw-cli", status.GetProperty("gateway").GetString());
        Assert.False(status.GetProperty("brokerConnected").GetBoolean());
        var door = Assert.Single(status.GetProperty("doors").EnumerateArray());
        Assert.Equal("door-1", door.GetProperty("id").GetString());
        Assert.False(door.GetProperty("open").GetBoolean());
        Assert.True(door.GetProperty("armed").GetBoolean());
        Assert.Equal("normal", status.GetProperty("mode").GetString());
        Assert.True(status.GetProperty("outbox").GetProperty("oldestAgeSeconds").GetInt64() >= 0);
        var devices = status.GetProperty("devices").EnumerateArray().ToDictionary(d => d.GetProperty("id").GetString()!);
        Assert.Equal(["door-1", "smoke-1", "cam-gate"], devices.Keys);
        Assert.Equal(("smoke", "normal", true), (devices["smoke-1"].GetProperty("kind").GetString(), devices["smoke-1"].GetProperty("state").GetString(),
            devices["smoke-1"].GetProperty("online").GetBoolean()));
        Assert.Equal(("camera", false), (devices["cam-gate"].GetProperty("kind").GetString(), devices["cam-gate"].GetProperty("online").GetBoolean()));
        var camera = Assert.Single(status.GetProperty("cameras").EnumerateArray());
        Assert.Equal(("cam-gate", "offline"), (camera.GetProperty("id").GetString(), camera.GetProperty("state").GetString()));
        Assert.StartsWith("ok {", json.Json().GetProperty("answer").GetString(), StringComparison.Ordinal);

        Assert.Equal(ExitCodes.Ok, english.ExitCode);
        Assert.Contains("gw-cli", english.Output, StringComparison.Ordinal);
        Assert.Contains("disconnected", english.Output, StringComparison.Ordinal);
        Assert.Contains("door-1", english.Output, StringComparison.Ordinal);
        Assert.Contains("closed", english.Output, StringComparison.Ordinal);
        foreach (var shown in new[] { "Mode", "normal", "smoke-1", "smoke detector", "cam-gate", "offline", "Last seen", "Input fps", "Skipped %" })
            Assert.Contains(shown, english.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, chinese.ExitCode);
        foreach (var shown in new[] { "未连接", "关闭", "运行模式", "正常", "烟感", "摄像头", "离线", "最后通信", "输入帧率" })
            Assert.Contains(shown, chinese.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "the agent is not running or its control socket is elsewhere:")]
    [InlineData("zh-CN", "代理程序未运行，或其控制套接字不在此处：")]
    public async Task No_agent_on_the_socket_exits_with_3_and_says_so(string language, string message)
    {
        using var directory = new TempDirectory();

        var result = await Edgesec.RunAsync("status", "--socket", directory.Combine("agent.sock"), "--lang", language);

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Contains(directory.Combine("agent.sock"), result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_nobody_listens_on_is_told_apart_from_a_missing_one()
    {
        using var directory = new TempDirectory();
        var path = directory.Combine("agent.sock");
        // connect() to a file without a listener is refused, as for the socket file a killed agent leaves behind.
        await File.WriteAllTextAsync(path, "");

        var result = await Edgesec.RunAsync("status", "--socket", path, "--json", "--lang", "en");

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Contains("nothing listens on it", result.Json().GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_config_exits_with_2_before_any_socket_is_tried()
    {
        using var directory = new TempDirectory();
        var path = directory.Combine("agent.yaml");
        await File.WriteAllTextAsync(path, "gateway:\n  id: gw-1\n");

        var result = await Edgesec.RunAsync("status", "--config", path, "--lang", "en");

        Assert.Equal(ExitCodes.BadUsage, result.ExitCode);
        Assert.Contains($"{path}:", result.Error, StringComparison.Ordinal);
    }

    /// <summary>The broker is a port nobody listens on: the agent keeps retrying and serves its socket meanwhile.</summary>
    private static async Task<string> WriteConfigAsync(TempDirectory directory)
    {
        var path = directory.Combine("agent.yaml");
        await File.WriteAllTextAsync(path, $"""
            gateway:
              id: gw-cli
              community: cm-cli
            broker:
              host: 127.0.0.1
              port: {FreeTcpPort.Next()}
            dataDirectory: {directory.Path}
            control:
              socket: {directory.Combine("agent.sock")}
            doors:
              - id: door-1
            smokeDetectors:
              - id: smoke-1
                source: simulated
            cameras:
              - id: cam-gate
                source: {directory.Combine("no-such-video.avi")}
            """);
        return path;
    }
}
