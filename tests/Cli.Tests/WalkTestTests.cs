using EdgeSecurity.Cli.Tests.Support;

namespace EdgeSecurity.Cli.Tests;

/// <summary>
/// <c>test walk</c> against the real agent process: the test triggers the simulated door and smoke detector through the
/// control socket while the CLI follows the checklist, as an installer walks the site while a laptop shows it.
/// </summary>
public sealed class WalkTestTests
{
    [Fact]
    public async Task Every_device_firing_ends_the_walk_test_with_0_and_the_agent_keeps_the_results()
    {
        await using var agent = await RunningAgent.StartAsync(FreeTcpPort.Next());

        var walking = Edgesec.RunAsync("test", "walk", "--config", agent.ConfigPath, "--timeout", "2m", "--json", "--lang", "en");
        await Poll.UntilAsync(agent.WalkTestAsync, s => s.GetProperty("active").GetBoolean(), "the walk test to start");
        Assert.StartsWith($"ok {RunningAgent.Door} open; forced opening reported as event", await agent.AskAsync($"open {RunningAgent.Door}"), StringComparison.Ordinal);
        Assert.StartsWith("ok", await agent.AskAsync($"smoke alarm {RunningAgent.Smoke}"), StringComparison.Ordinal);
        var result = await walking;

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        var json = result.Json();
        Assert.Equal("passed", json.GetProperty("outcome").GetString());
        Assert.Empty(json.GetProperty("missing").EnumerateArray());
        var devices = json.GetProperty("devices").EnumerateArray().ToDictionary(d => d.GetProperty("id").GetString()!);
        Assert.Equal("security.door_forced_open", devices[RunningAgent.Door].GetProperty("what").GetString());
        Assert.Equal("fire.smoke_alarm", devices[RunningAgent.Smoke].GetProperty("what").GetString());

        var state = await agent.WalkTestAsync();
        Assert.False(state.GetProperty("active").GetBoolean());
        var saved = agent.Commissioning();
        Assert.Equal("passed", saved.GetProperty("walkTest").GetProperty("outcome").GetString());
        Assert.Equal("security.door_forced_open", saved.GetProperty("devices").GetProperty(RunningAgent.Door).GetProperty("what").GetString());
        Assert.Equal("fire.smoke_alarm", saved.GetProperty("devices").GetProperty(RunningAgent.Smoke).GetProperty("what").GetString());
    }

    [Theory]
    [InlineData("en", "the walk test timed out: 1 of 2 device(s) did not fire.", "Door forced open ✔")]
    [InlineData("zh-CN", "巡检测试已超时：2 个设备中有 1 个未触发。", "门被强行打开 ✔")]
    public async Task A_device_that_never_fires_ends_the_walk_test_at_its_expiry_with_1_listing_it(string language, string missing, string firedLine)
    {
        await using var agent = await RunningAgent.StartAsync(FreeTcpPort.Next());

        var walking = Edgesec.RunAsync("test", "walk", "--socket", agent.SocketPath, "--timeout", "3s", "--lang", language);
        await Poll.UntilAsync(agent.WalkTestAsync, s => s.GetProperty("active").GetBoolean(), "the walk test to start");
        await agent.AskAsync($"open {RunningAgent.Door}");
        var result = await walking;

        Assert.True(result.ExitCode == ExitCodes.Failed, result.ToString());
        Assert.Contains(firedLine, result.Output, StringComparison.Ordinal);
        Assert.Contains(missing, result.Error, StringComparison.Ordinal);
        Assert.Contains($"  {RunningAgent.Smoke} (", result.Error, StringComparison.Ordinal);
        var state = await agent.WalkTestAsync();
        Assert.False(state.GetProperty("active").GetBoolean());
        Assert.Equal("expired", state.GetProperty("summary").GetProperty("outcome").GetString());
        // Out of walk-test mode, an opening is no test any more and no longer marks anything.
        await agent.AskAsync($"close {RunningAgent.Door}");
        Assert.Equal(1, (await agent.WalkTestAsync()).GetProperty("summary").GetProperty("fired").GetInt32());
    }

    [Fact]
    public async Task Ctrl_C_stops_the_walk_test_at_the_agent_and_exits_with_1()
    {
        await using var agent = await RunningAgent.StartAsync(FreeTcpPort.Next());
        using var ctrlC = new CancellationTokenSource();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var walking = CliApp.RunAsync(["test", "walk", "--socket", agent.SocketPath, "--lang", "en"], output, error, ctrlC.Token);
        await Poll.UntilAsync(agent.WalkTestAsync, s => s.GetProperty("active").GetBoolean(), "the walk test to start");
        await agent.AskAsync($"smoke alarm {RunningAgent.Smoke}");
        await Poll.UntilAsync(agent.WalkTestAsync, s => s.GetProperty("summary").GetProperty("fired").GetInt32() == 1, "the detector to be marked");
        await ctrlC.CancelAsync();
        var exitCode = await walking;

        Assert.Equal(ExitCodes.Failed, exitCode);
        Assert.Contains("the walk test was stopped: 1 of 2 device(s) did not fire.", error.ToString(), StringComparison.Ordinal);
        Assert.Contains($"  {RunningAgent.Door} (door, 3号楼2单元门)", error.ToString(), StringComparison.Ordinal);
        var state = await agent.WalkTestAsync();
        Assert.False(state.GetProperty("active").GetBoolean());
        Assert.Equal("stopped", state.GetProperty("summary").GetProperty("outcome").GetString());
    }

    [Theory]
    [InlineData("walktest start 0", "error: '0'; expected: walktest start <seconds from 1 to 28800>")]
    [InlineData("walktest start abc", "error: 'abc'; expected: walktest start <seconds from 1 to 28800>")]
    [InlineData("walktest", "error: expected: walktest start <seconds>|status|stop")]
    [InlineData("testalarm -1", "error: '-1'; expected: testalarm <seconds from 1 to 600>")]
    public async Task Bad_commissioning_commands_get_an_error_and_the_socket_keeps_serving(string line, string answer)
    {
        await using var agent = await RunningAgent.StartAsync(FreeTcpPort.Next());

        Assert.Equal(answer, await agent.AskAsync(line));
        Assert.False((await agent.WalkTestAsync()).GetProperty("active").GetBoolean());
    }

    [Theory]
    [InlineData("0s")]
    [InlineData("9h")]
    [InlineData("soon")]
    public async Task A_bad_timeout_exits_with_2_before_the_agent_is_asked(string timeout)
    {
        using var directory = new TempDirectory();

        var result = await Edgesec.RunAsync("test", "walk", "--socket", directory.Combine("agent.sock"), "--timeout", timeout, "--lang", "en");

        Assert.Equal(ExitCodes.BadUsage, result.ExitCode);
        Assert.Contains($"'{timeout}' is not a walk-test duration", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_agent_exits_with_3()
    {
        using var directory = new TempDirectory();

        var result = await Edgesec.RunAsync("test", "walk", "--socket", directory.Combine("agent.sock"), "--json", "--lang", "en");

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Contains("the agent is not running", result.Json().GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
