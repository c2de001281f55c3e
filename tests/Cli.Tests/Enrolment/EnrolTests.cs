using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Cli.Tests.Support;

namespace EdgeSecurity.Cli.Tests.Enrolment;

/// <summary><c>edgesec enroll</c> against a real hub: the config it writes, and every way it can go wrong.</summary>
public sealed class EnrolTests(EnrolHubFixture hub) : IClassFixture<EnrolHubFixture>, IDisposable
{
    private const string Commented =
        """
        # Gateway of building 3 · 3号楼网关
        gateway:
          id: gw-placeholder        # set by edgesec enroll
          grid: grid-01             # kept

        broker:
          host: 10.0.0.1
          keepAliveSeconds: 10      # kept too

        heartbeatSeconds: 10
        doors:
          - { id: door-1, source: simulated }   # a door
        """;

    private readonly TempDirectory _directory = new("cli-enrol");

    [Fact]
    public async Task Enrolling_writes_identity_and_credentials_and_keeps_the_rest_of_the_file()
    {
        var config = _directory.Combine("agent.yaml");
        await File.WriteAllTextAsync(config, Commented + "\n");
        // The agent's user keeps the file it reads, whoever enrols (root, here, when the tests run as root).
        var owner = Environment.IsPrivilegedProcess ? "65534:65534" : (await Tool.RunAsync("stat", "-c", "%u:%g", config)).Trim();
        await Tool.RunAsync("chown", owner, config);
        var code = await hub.IssueAsync(DemoSite.Gateway);

        var result = await Edgesec.RunAsync("enroll", "--hub", hub.Url.ToString(), "--code", code, "--config", config, "--lang", "en", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Json();
        Assert.Equal(DemoSite.Gateway, json.GetProperty("gatewayId").GetString());
        Assert.Equal(DemoSite.Community, json.GetProperty("community").GetString());
        Assert.Equal(EnrolHubFixture.BrokerHost, json.GetProperty("broker").GetProperty("host").GetString());
        Assert.False(json.GetProperty("broker").TryGetProperty("password", out _));
        Assert.Equal(0, json.GetProperty("configProblems").GetInt32());

        var text = await File.ReadAllTextAsync(config);
        foreach (var kept in new[] { "# Gateway of building 3 · 3号楼网关", "grid: grid-01             # kept", "keepAliveSeconds: 10      # kept too",
                     "  - { id: door-1, source: simulated }   # a door", "  id: gw-demo-01        # set by edgesec enroll" })
            Assert.Contains(kept, text, StringComparison.Ordinal);
        Assert.Equal($"600 {owner}", (await Tool.RunAsync("stat", "-c", "%a %u:%g", config)).Trim());
        Assert.Empty(Directory.GetFiles(_directory.Path, "*.tmp"));

        var loaded = ConfigLoader.Load(config);
        Assert.True(loaded.Config is not null, string.Join("\n", loaded.Errors));
        Assert.Equal(DemoSite.Gateway, loaded.Config.Gateway.Id);
        Assert.Equal(DemoSite.Community, loaded.Config.Gateway.Community);
        Assert.Equal("阳光花园社区", loaded.Config.Gateway.CommunityName);
        Assert.EndsWith(" / 阳光花园社区", loaded.Config.Gateway.PlacePath, StringComparison.Ordinal);
        Assert.Equal(EnrolHubFixture.BrokerHost, loaded.Config.Broker.Host);
        Assert.Equal(hub.BrokerPort, loaded.Config.Broker.Port);
        Assert.Equal(DemoSite.Gateway, loaded.Config.Broker.Username);
        Assert.True(loaded.Config.Broker.Password is { Length: >= 40 });
        Assert.DoesNotContain(loaded.Config.Broker.Password, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enrolling_without_a_config_starts_one()
    {
        var config = _directory.Combine("new.yaml");
        var result = await Edgesec.RunAsync("enroll", "--hub", hub.Url.ToString(), "--code", await hub.IssueAsync(DemoSite.OtherGateway), "--config", config, "--lang", "en");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"Enrolled: gateway {DemoSite.OtherGateway}", result.Output, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(config));
        Assert.StartsWith("# EdgeSecurity edge agent config, started by 'edgesec enroll'.", await File.ReadAllTextAsync(config), StringComparison.Ordinal);
        var loaded = ConfigLoader.Load(config);
        Assert.True(loaded.Config is not null, string.Join("\n", loaded.Errors));
        Assert.Equal(DemoSite.OtherCommunity, loaded.Config.Gateway.Community);
    }

    [Fact]
    public async Task An_agent_enrolled_by_the_real_process_comes_online_with_its_own_account()
    {
        var config = _directory.Combine("agent.yaml");
        await File.WriteAllTextAsync(config, $"# a fresh gateway\ndataDirectory: {_directory.Combine("data")}\nheartbeatSeconds: 5\n");
        Directory.CreateDirectory(_directory.Combine("data"));

        var enrolled = await Edgesec.RunProcessAsync("en_US.UTF-8", "enroll", "--hub", hub.Url.ToString(), "--code", await hub.IssueAsync(DemoSite.OtherGateway), "--config", config);
        Assert.True(enrolled.ExitCode == 0, enrolled.ToString());

        await using var agent = ServiceProcess.StartDotnet(RepositoryLayout.AgentDll, ["--config", config], _directory.Path);
        await Poll.UntilAsync(() => hub.GatewayStateAsync(DemoSite.OtherGateway), state => state == "online",
            $"{DemoSite.OtherGateway} to come online on the authenticated broker; agent output: {agent.Output}");
    }

    [Fact]
    public async Task A_used_code_is_refused_in_both_languages_and_the_config_is_left_alone()
    {
        var config = _directory.Combine("agent.yaml");
        var code = await hub.IssueAsync(DemoSite.Gateway);
        Assert.Equal(0, (await Edgesec.RunAsync("enroll", "--hub", hub.Url.ToString(), "--code", code, "--config", config)).ExitCode);
        var written = await File.ReadAllTextAsync(config);

        var english = await Edgesec.RunAsync("enroll", "--hub", hub.Url.ToString(), "--code", code, "--config", config, "--lang", "en", "--json");
        var chinese = await Edgesec.RunProcessAsync("zh_CN.UTF-8", "enroll", "--hub", hub.Url.ToString(), "--code", code, "--config", config);

        Assert.Equal(1, english.ExitCode);
        Assert.Equal(1, english.Json().GetProperty("exitCode").GetInt32());
        Assert.Contains("already used. Ask the hub's admin for a new code", english.Error, StringComparison.Ordinal);
        Assert.Equal(1, chinese.ExitCode);
        Assert.Contains("此注册码已被使用", chinese.Error, StringComparison.Ordinal);
        Assert.Equal(written, await File.ReadAllTextAsync(config));
    }

    [Theory]
    [InlineData("ZZZZ-ZZZZ-ZZZZ-ZZZZ", 1, "does not know this code")]
    [InlineData("ZZZZ", 2, "not an enrolment code")]
    public async Task A_wrong_code_says_what_to_do(string code, int exitCode, string message)
    {
        var result = await Edgesec.RunAsync("enroll", "--hub", hub.Url.ToString(), "--code", code, "--config", _directory.Combine("agent.yaml"), "--lang", "en");
        Assert.Equal(exitCode, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_directory.Combine("agent.yaml")));
    }

    [Fact]
    public async Task A_wrong_hub_address_is_named_and_the_code_stays_valid()
    {
        var code = await hub.IssueAsync(DemoSite.Gateway);
        var config = _directory.Combine("agent.yaml");

        var nobody = await Edgesec.RunAsync("enroll", "--hub", $"http://127.0.0.1:{FreeTcpPort.Next()}", "--code", code, "--config", config, "--lang", "en");
        var notAHub = await Edgesec.RunAsync("enroll", "--hub", new Uri(hub.Url, "/no/such/app/").ToString(), "--code", code, "--config", config, "--lang", "en");
        var badUrl = await Edgesec.RunAsync("enroll", "--hub", "hub.example.com", "--code", code, "--config", config, "--lang", "en");

        Assert.Equal(3, nobody.ExitCode);
        Assert.Contains("cannot reach the hub at", nobody.Error, StringComparison.Ordinal);
        Assert.Equal(3, notAHub.ExitCode);
        Assert.Contains("does not answer as an EdgeSecurity hub (HTTP 404", notAHub.Error, StringComparison.Ordinal);
        Assert.Equal(2, badUrl.ExitCode);
        Assert.Contains("is not a hub address", badUrl.Error, StringComparison.Ordinal);
        Assert.Equal(0, (await Edgesec.RunAsync("enroll", "--hub", hub.Url.ToString(), "--code", code, "--config", config)).ExitCode);
    }

    [Fact]
    public async Task A_config_that_cannot_be_written_or_read_stops_before_the_code_is_spent()
    {
        var code = await hub.IssueAsync(DemoSite.Gateway);
        var broken = _directory.Combine("broken.yaml");
        await File.WriteAllTextAsync(broken, "gateway:\n  id: [unclosed\n");
        var listed = _directory.Combine("listed.yaml");
        await File.WriteAllTextAsync(listed, "gateway: [gw-1]   # not a section\n");

        var noFolder = await Edgesec.RunAsync("enroll", "--hub", hub.Url.ToString(), "--code", code, "--config", _directory.Combine("missing/agent.yaml"), "--lang", "en");
        var notYaml = await Edgesec.RunAsync("enroll", "--hub", hub.Url.ToString(), "--code", code, "--config", broken, "--lang", "zh-CN");
        var notASection = await Edgesec.RunAsync("enroll", "--hub", hub.Url.ToString(), "--code", code, "--config", listed, "--lang", "en");

        Assert.Equal(2, noFolder.ExitCode);
        Assert.Contains("cannot write the config", noFolder.Error, StringComparison.Ordinal);
        Assert.Contains("The code was not used.", noFolder.Error, StringComparison.Ordinal);
        Assert.Equal(2, notYaml.ExitCode);
        Assert.Contains("不是有效的 YAML", notYaml.Error, StringComparison.Ordinal);
        Assert.Equal("gateway:\n  id: [unclosed\n", await File.ReadAllTextAsync(broken));
        Assert.Equal(2, notASection.ExitCode);
        Assert.Contains("cannot take the enrolment (gateway is not a mapping)", notASection.Error, StringComparison.Ordinal);
        Assert.Contains("The code was not used.", notASection.Error, StringComparison.Ordinal);
        Assert.Equal("gateway: [gw-1]   # not a section\n", await File.ReadAllTextAsync(listed));
        Assert.Equal(0, (await Edgesec.RunAsync("enroll", "--hub", hub.Url.ToString(), "--code", code, "--config", _directory.Combine("agent.yaml"))).ExitCode);
    }

    public void Dispose() => _directory.Dispose();
}
