using EdgeSecurity.Testing;

namespace EdgeSecurity.Bindings.Mosquitto.Tests;

public sealed class MqttClientOptionsTests
{
    [Fact]
    public async Task TlsFilesAreCheckedWhenTheClientIsCreated()
    {
        using var directory = new TempDirectory();
        var caFile = directory.Combine("ca.pem");
        await File.WriteAllTextAsync(caFile, "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
        var options = new MqttClientOptions { ClientId = "tls-client", Host = "127.0.0.1", Port = 8883 };

        await using (new MqttClient(options with { Tls = new MqttTlsOptions(caFile) { VerifyHostname = false } }))
        {
        }

        var error = Assert.Throws<MqttException>(() => new MqttClient(options with { Tls = new MqttTlsOptions(directory.Combine("missing.pem")) }));
        Assert.Contains("TLS", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeepAliveBelowLibmosquittosMinimumIsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(
            () => new MqttClient(new MqttClientOptions { ClientId = "hasty", Host = "127.0.0.1", KeepAlive = TimeSpan.FromSeconds(1) }));

    [Theory]
    [InlineData(0)]
    [InlineData(65_536)]
    public void InflightMaximumOutsideWhatMqttCanCarryIsRejected(int inflight) =>
        Assert.Throws<ArgumentOutOfRangeException>(
            () => new MqttClient(new MqttClientOptions { ClientId = "unbounded", Host = "127.0.0.1", InflightMaximum = inflight }));
}
