using System.Text.Json.Nodes;
using EdgeSecurity.Cli.Tests.Support;

namespace EdgeSecurity.Cli.Tests;

/// <summary>
/// Commissioning end to end with real processes: mosquitto, the hub (demo site) and the agent. The walk test's events
/// reach the hub as tests (no deadline, so they escalate to nobody), the test alarm comes back confirmed, and the
/// report shows each device with its result.
/// </summary>
public sealed class CommissioningTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Walk_test_test_alarm_and_report_on_a_site_with_a_broker_and_a_hub()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var hubDirectory = new TempDirectory();
        var hubUrl = new Uri($"http://127.0.0.1:{FreeTcpPort.Next()}");
        await using var hub = ServiceProcess.StartDotnet(RepositoryLayout.HubDll,
            ["--urls", hubUrl.ToString(), $"--Hub:Mqtt:Port={broker.Port}", $"--Hub:Storage:SqlitePath={hubDirectory.Combine("hub.db")}", DemoSite.HubArgument],
            RepositoryLayout.Root);
        await hub.WaitForOutputAsync("EdgeSecurity hub listening on", StartTimeout);
        using var http = await DemoSite.SignInAsync(hubUrl);
        await using var agent = await RunningAgent.StartAsync(broker.Port);

        // The CLI as the installer runs it, a process of its own; in a pipe it prints one line per device.
        var walking = Edgesec.RunProcessAsync("en_US.UTF-8", "test", "walk", "--config", agent.ConfigPath, "--timeout", "2m");
        await Poll.UntilAsync(agent.WalkTestAsync, s => s.GetProperty("active").GetBoolean(), "the walk test to start");
        var opened = await agent.AskAsync($"open {RunningAgent.Door}");
        await agent.AskAsync($"smoke alarm {RunningAgent.Smoke}");
        var walk = await walking;
        var alarm = await Edgesec.RunProcessAsync("zh_CN.UTF-8", "test", "alarm", "--config", agent.ConfigPath, "--timeout", "15s", "--json");
        var reportPath = agent.Directory.Combine("report.html");
        var report = await Edgesec.RunAsync("report", "--config", agent.ConfigPath, "--out", reportPath, "--lang", "zh-CN");

        Assert.True(walk.ExitCode == ExitCodes.Ok, walk.ToString());
        Assert.Contains("Walk test passed: all 2 device(s) fired.", walk.Output, StringComparison.Ordinal);
        Assert.Contains($"{RunningAgent.Door}: Door forced open ✔", walk.Output, StringComparison.Ordinal);
        var doorEvent = opened[(opened.LastIndexOf(' ') + 1)..];
        var incident = await Poll.UntilAsync(() => IncidentOfEventAsync(http, doorEvent), i => i is not null, "the door's event to reach the hub");
        Assert.True((bool)incident!["isTest"]!);
        Assert.Null(incident["deadlineAt"]);

        Assert.True(alarm.ExitCode == ExitCodes.Ok, alarm.ToString());
        var json = alarm.Json();
        Assert.True(json.GetProperty("confirmed").GetBoolean());
        var roundTrip = json.GetProperty("roundTripMilliseconds").GetDouble();
        Assert.InRange(roundTrip, 0.01, 20_000);
        var alarmIncident = await IncidentOfEventAsync(http, json.GetProperty("eventId").GetString()!);
        Assert.NotNull(alarmIncident);
        Assert.True((bool)alarmIncident["isTest"]!);
        Assert.Equal("fire.smoke_alarm", (string?)alarmIncident["type"]);
        Assert.Null(alarmIncident["deadlineAt"]);
        Assert.True(agent.Commissioning().GetProperty("testAlarm").GetProperty("confirmed").GetBoolean());

        Assert.True(report.ExitCode == ExitCodes.Ok, report.ToString());
        var html = await File.ReadAllTextAsync(reportPath);
        Assert.Contains("安防设备调试验收报告", html, StringComparison.Ordinal);
        Assert.Contains("<tr id=\"device-door-1\"><td>door-1</td><td>门</td><td>3号楼2单元门</td><td>3号楼2单元</td>", html, StringComparison.Ordinal);
        Assert.Matches("<tr id=\"device-door-1\">.*✔ 门被强行打开 · 20", html);
        Assert.Matches("<tr id=\"device-smoke-1\">.*✔ 烟感报警 · 20", html);
        Assert.Contains("通过：中心已保存，往返", html, StringComparison.Ordinal);
        Assert.DoesNotContain("未测试", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "no confirmation from the hub within 1 s for test alarm", "is the broker connected?")]
    [InlineData("zh-CN", "1 秒内未收到中心对测试报警", "消息服务器是否已连接？")]
    public async Task A_test_alarm_nobody_confirms_exits_with_1_with_advice_and_is_recorded_as_failed(string language, string message, string advice)
    {
        await using var agent = await RunningAgent.StartAsync(FreeTcpPort.Next());

        var result = await Edgesec.RunAsync("test", "alarm", "--socket", agent.SocketPath, "--timeout", "1s", "--lang", language);

        Assert.True(result.ExitCode == ExitCodes.Failed, result.ToString());
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Contains(advice, result.Error, StringComparison.Ordinal);
        var saved = agent.Commissioning().GetProperty("testAlarm");
        Assert.False(saved.GetProperty("confirmed").GetBoolean());
        Assert.Equal(1, saved.GetProperty("timeoutSeconds").GetDouble());
    }

    private static async Task<JsonNode?> IncidentOfEventAsync(HttpClient http, string eventId)
    {
        var events = JsonNode.Parse(await http.GetStringAsync(new Uri($"/api/events?community={RunningAgent.Community}&pageSize=500", UriKind.Relative)))!;
        var entry = events["items"]!.AsArray().FirstOrDefault(i => (string?)i!["eventId"] == eventId);
        if (entry is null)
            return null;
        var detail = JsonNode.Parse(await http.GetStringAsync(new Uri($"/api/incidents/{entry["incidentId"]}", UriKind.Relative)))!;
        return detail["incident"];
    }
}
