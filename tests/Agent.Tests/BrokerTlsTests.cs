using System.Text;
using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Agent.Gateway;
using EdgeSecurity.Bindings.Mosquitto;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeSecurity.Agent.Tests;

/// <summary>broker.tls in the agent's config: checked at load with file:line:column errors, and used against a real TLS broker.</summary>
public sealed class BrokerTlsTests : IDisposable
{
    private const string Gateway = "gw-1";
    private readonly TlsCertificates _certificates = TlsCertificates.Make(Gateway);

    public void Dispose() => _certificates.Dispose();

    private static string Config(string tls, int port = 8883) => $"""
        gateway:
          id: {Gateway}
          community: cm-1
        broker:
          host: 127.0.0.1
          port: {port}
          tls:
        {tls}
        doors:
          - id: door-1
        """;

    private ConfigLoadResult Parse(string yaml) => ConfigLoader.Parse(yaml, "agent.yaml", _certificates.Directory);

    [Fact]
    public void Relative_files_are_taken_from_the_config_files_directory()
    {
        var config = Parse(Config("    caFile: ca.pem\n    certFile: clients/gw-1.pem\n    keyFile: clients/gw-1.key")).Config!;

        Assert.Equal(
            new BrokerTlsConfig(_certificates.CaFile, _certificates.ClientCertFile(Gateway), _certificates.ClientKeyFile(Gateway)),
            config.Broker.Tls);
        Assert.Null(Parse("gateway: { id: gw-1, community: cm-1 }\nbroker: { host: 127.0.0.1 }\ndoors: [{ id: door-1 }]\n").Config!.Broker.Tls);
    }

    [Fact]
    public void A_missing_file_is_named_with_its_line()
    {
        var result = Parse(Config("    caFile: ca.pem\n    certFile: clients/gw-2.pem\n    keyFile: clients/gw-1.key"));

        var error = Assert.Single(result.Errors);
        Assert.Equal((9, 15, "broker.tls.certFile"), (error.Line, error.Column, error.Path));
        Assert.Contains($"no file at '{_certificates.Directory}/clients/gw-2.pem'", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Tls_without_a_ca_file_or_with_half_a_client_certificate_is_refused()
    {
        var result = Parse(Config("    certFile: clients/gw-1.pem\n    cafile: ca.pem"));

        Assert.Equal(
            ["broker.tls.caFile: is missing", "broker.tls.cafile: unknown key 'cafile' (did you mean 'caFile'?)", "broker.tls.certFile: certFile without keyFile"],
            result.Errors.Select(e => $"{e.Path}: {e.Problem}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_gateway_client_connects_over_tls_with_its_client_certificate()
    {
        await using var broker = await MosquittoBroker.StartAsync(new MosquittoBrokerOptions { Tls = _certificates, RequireClientCertificate = true });
        var config = Parse(Config("    caFile: ca.pem\n    certFile: clients/gw-1.pem\n    keyFile: clients/gw-1.key", broker.TlsPort)).Config!;

        await using var client = GatewayMqttClient.Create(config, TimeProvider.System, NullLogger<MqttClient>.Instance);
        await client.ConnectAsync().WaitAsync(Poll.DefaultTimeout);
        await client.PublishAsync("es/v1/cm-1/gw-1/heartbeat", Encoding.UTF8.GetBytes("{}"), MqttQos.AtLeastOnce).WaitAsync(Poll.DefaultTimeout);
    }
}
