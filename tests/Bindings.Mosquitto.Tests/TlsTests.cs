using EdgeSecurity.Testing;

namespace EdgeSecurity.Bindings.Mosquitto.Tests;

/// <summary>
/// TLS against the real mosquitto with certificates from hub/Broker/make-certs.sh: the broker's certificate must verify
/// against the configured CA and name the host; a wrong CA, a wrong host name or plain TCP gets no session.
/// </summary>
public sealed class TlsTests : IAsyncLifetime, IDisposable
{
    private const string Gateway = "gw-tls-01";
    private readonly TlsCertificates _certificates = TlsCertificates.Make(Gateway);
    private readonly TlsCertificates _otherCa = TlsCertificates.Make();
    private MosquittoBroker _broker = null!;

    public async Task InitializeAsync() => _broker = await MosquittoBroker.StartAsync(new MosquittoBrokerOptions { Tls = _certificates });

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    public void Dispose()
    {
        _certificates.Dispose();
        _otherCa.Dispose();
    }

    [Fact]
    public async Task A_client_trusting_the_brokers_ca_connects_and_publishes()
    {
        await using var subscriber = await ConnectedAsync("tls-subscriber", new MqttTlsOptions(_certificates.CaFile));
        var inbox = new Inbox();
        await subscriber.SubscribeAsync("alarms/#", MqttQos.AtLeastOnce, inbox.Handle).WaitAsync(Wait.Timeout);
        await using var publisher = await ConnectedAsync("tls-publisher", new MqttTlsOptions(_certificates.CaFile));

        await publisher.PublishAsync("alarms/door", "forced"u8.ToArray(), MqttQos.AtLeastOnce).WaitAsync(Wait.Timeout);

        var message = await inbox.NextAsync();
        Assert.Equal("alarms/door", message.Topic);
        Assert.Equal("forced"u8.ToArray(), message.Payload.ToArray());
    }

    [Fact]
    public async Task A_client_trusting_another_ca_is_refused_with_a_verification_failure()
    {
        await using var client = Client("wrong-ca", new MqttTlsOptions(_otherCa.CaFile));

        var refused = await Assert.ThrowsAsync<MqttException>(() => client.ConnectAsync().WaitAsync(Wait.Timeout));

        Assert.Contains("certificate verify failed", refused.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_broker_certificate_not_naming_the_host_is_refused()
    {
        using var misnamed = TlsCertificates.Make();
        misnamed.Remake("--host", "broker.example.org");
        await using var broker = await MosquittoBroker.StartAsync(new MosquittoBrokerOptions { Tls = misnamed });
        var options = new MqttClientOptions { ClientId = "wrong-name", Host = broker.Host, Port = broker.TlsPort, Tls = new MqttTlsOptions(misnamed.CaFile) };

        await using (var client = new MqttClient(options))
        {
            await Assert.ThrowsAsync<MqttException>(() => client.ConnectAsync().WaitAsync(Wait.Timeout));
        }

        // The same certificate passes without the name check: the name was what failed.
        await using var nameUnchecked = new MqttClient(options with { ClientId = "name-unchecked", Tls = options.Tls! with { VerifyHostname = false } });
        await nameUnchecked.ConnectAsync().WaitAsync(Wait.Timeout);
    }

    [Fact]
    public async Task Plain_tcp_to_the_tls_listener_gets_no_session()
    {
        await using var client = new MqttClient(new MqttClientOptions { ClientId = "plain", Host = _broker.Host, Port = _broker.TlsPort });

        await Assert.ThrowsAsync<MqttException>(() => client.ConnectAsync().WaitAsync(Wait.Timeout));
    }

    [Fact]
    public async Task A_client_certificate_from_the_ca_is_accepted_where_the_broker_requires_one()
    {
        await using var strict = await MosquittoBroker.StartAsync(new MosquittoBrokerOptions { Tls = _certificates, RequireClientCertificate = true });
        var options = new MqttClientOptions { ClientId = Gateway, Host = strict.Host, Port = strict.TlsPort };

        await using (var withCertificate = new MqttClient(options with
        {
            Tls = WithClientCertificate(_certificates, _certificates, Gateway),
        }))
        {
            await withCertificate.ConnectAsync().WaitAsync(Wait.Timeout);
            await withCertificate.PublishAsync("es/probe", "ok"u8.ToArray(), MqttQos.AtLeastOnce).WaitAsync(Wait.Timeout);
        }

        await using var without = new MqttClient(options with { ClientId = "no-certificate", Tls = new MqttTlsOptions(_certificates.CaFile) });
        await Assert.ThrowsAsync<MqttException>(() => without.ConnectAsync().WaitAsync(Wait.Timeout));
    }

    [Fact]
    public async Task A_client_certificate_from_another_ca_is_refused_where_the_broker_requires_one()
    {
        using var foreign = TlsCertificates.Make(Gateway);
        await using var strict = await MosquittoBroker.StartAsync(new MosquittoBrokerOptions { Tls = _certificates, RequireClientCertificate = true });
        await using var client = new MqttClient(new MqttClientOptions
        {
            ClientId = Gateway,
            Host = strict.Host,
            Port = strict.TlsPort,
            Tls = WithClientCertificate(_certificates, foreign, Gateway),
        });

        var refused = await Assert.ThrowsAsync<MqttException>(() => client.ConnectAsync().WaitAsync(Wait.Timeout));
        Assert.Matches("unknown ca|may have refused the client certificate", refused.Message);
    }

    [Fact]
    public async Task A_revoked_client_certificate_is_refused_and_the_gateways_new_one_accepted()
    {
        const string stolen = "gw-tls-stolen";
        using var certificates = TlsCertificates.Make(Gateway, stolen);
        using var thief = new TempDirectory("thief");
        File.Copy(certificates.ClientCertFile(stolen), thief.Combine("stolen.pem"));
        File.Copy(certificates.ClientKeyFile(stolen), thief.Combine("stolen.key"));
        certificates.Remake("--revoke", stolen);
        await using var strict = await MosquittoBroker.StartAsync(new MosquittoBrokerOptions { Tls = certificates, RequireClientCertificate = true });
        var options = new MqttClientOptions { ClientId = stolen, Host = strict.Host, Port = strict.TlsPort };

        await using (var revoked = new MqttClient(options with
        {
            Tls = new MqttTlsOptions(certificates.CaFile, thief.Combine("stolen.pem"), thief.Combine("stolen.key")),
        }))
        {
            var refused = await Assert.ThrowsAsync<MqttException>(() => revoked.ConnectAsync().WaitAsync(Wait.Timeout));
            Assert.Matches("certificate revoked|may have refused the client certificate", refused.Message);
        }
        await using (var other = new MqttClient(options with
        {
            ClientId = Gateway,
            Tls = WithClientCertificate(certificates, certificates, Gateway),
        }))
        {
            await other.ConnectAsync().WaitAsync(Wait.Timeout);
        }

        Assert.False(File.Exists(certificates.ClientKeyFile(stolen)));
        certificates.Remake("--client", stolen);
        await using var reissued = new MqttClient(options with
        {
            Tls = WithClientCertificate(certificates, certificates, stolen),
        });
        await reissued.ConnectAsync().WaitAsync(Wait.Timeout);
    }

    [Fact]
    public void Making_the_certificates_again_keeps_the_ca_and_the_server_certificate()
    {
        var ca = File.ReadAllBytes(_certificates.CaFile);
        var server = File.ReadAllBytes(_certificates.ServerCertFile);

        _certificates.Remake("--host", "localhost", "--host", "127.0.0.1");

        Assert.Equal(ca, File.ReadAllBytes(_certificates.CaFile));
        Assert.Equal(server, File.ReadAllBytes(_certificates.ServerCertFile));
        _certificates.Remake("--host", "hub.example.org");
        Assert.Equal(ca, File.ReadAllBytes(_certificates.CaFile));
        Assert.NotEqual(server, File.ReadAllBytes(_certificates.ServerCertFile));
    }

    private MqttClient Client(string clientId, MqttTlsOptions tls) =>
        new(new MqttClientOptions { ClientId = clientId, Host = _broker.Host, Port = _broker.TlsPort, Tls = tls });

    /// <summary>TLS trusting <paramref name="trusted"/>'s CA, presenting <paramref name="client"/>'s certificate from <paramref name="issuer"/>.</summary>
    private static MqttTlsOptions WithClientCertificate(TlsCertificates trusted, TlsCertificates issuer, string client) =>
        new(trusted.CaFile, issuer.ClientCertFile(client), issuer.ClientKeyFile(client));

    private Task<MqttClient> ConnectedAsync(string clientId, MqttTlsOptions tls) => Client(clientId, tls).ConnectedOrDisposedAsync();
}
