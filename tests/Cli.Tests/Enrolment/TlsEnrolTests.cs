using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Cli.Tests.Support;

namespace EdgeSecurity.Cli.Tests.Enrolment;

/// <summary><c>edgesec enroll</c> at a hub whose gateways reach the broker over TLS: the gateway gets the CA with its account.</summary>
public sealed class TlsEnrolTests(TlsEnrolHubFixture hub) : IClassFixture<TlsEnrolHubFixture>, IDisposable
{
    private readonly TempDirectory _directory = new("cli-enrol-tls");

    [Fact]
    public async Task The_broker_ca_is_written_beside_the_config_and_the_agent_comes_online_over_tls()
    {
        var config = _directory.Combine("agent.yaml");
        await File.WriteAllTextAsync(config, $"# a fresh gateway\ndataDirectory: {_directory.Combine("data")}\nheartbeatSeconds: 5\n");
        Directory.CreateDirectory(_directory.Combine("data"));

        var enrolled = await Edgesec.RunProcessAsync("en_US.UTF-8", "enroll", "--hub", hub.Url.ToString(), "--code", await hub.IssueAsync(DemoSite.Gateway), "--config", config);

        Assert.True(enrolled.ExitCode == 0, enrolled.ToString());
        var caFile = _directory.Combine("broker-ca.pem");
        Assert.Contains($"its CA certificate is in {caFile}", enrolled.Output, StringComparison.Ordinal);
        Assert.Equal(await File.ReadAllTextAsync(hub.CaFile!), await File.ReadAllTextAsync(caFile));
        var loaded = ConfigLoader.Load(config);
        Assert.True(loaded.Config is not null, string.Join("\n", loaded.Errors));
        Assert.Equal(hub.BrokerPort, loaded.Config.Broker.Port);
        Assert.Equal(caFile, loaded.Config.Broker.Tls?.CaFile);
        Assert.Contains("caFile: broker-ca.pem", await File.ReadAllTextAsync(config), StringComparison.Ordinal);

        await using var agent = ServiceProcess.StartDotnet(RepositoryLayout.AgentDll, ["--config", config], _directory.Path);
        await Poll.UntilAsync(() => hub.GatewayStateAsync(DemoSite.Gateway), state => state == "online",
            $"{DemoSite.Gateway} to come online over TLS; agent output: {agent.Output}");
    }

    public void Dispose() => _directory.Dispose();
}
