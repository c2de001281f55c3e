using System.Net.Http.Json;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;

namespace EdgeSecurity.Hub.Tests;

/// <summary>
/// The hub with TLS on both sides, as `TLS=1 ./run.sh` runs it: HTTPS from Kestrel with the server certificate of
/// hub/Broker/make-certs.sh, and MQTT to the broker's TLS listener verified against the same CA.
/// </summary>
public sealed class HubTlsTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _directory = new("hub-tls");
    private readonly TlsCertificates _certificates = TlsCertificates.Make();
    private MosquittoBroker _broker = null!;

    public async Task InitializeAsync() => _broker = await MosquittoBroker.StartAsync(new MosquittoBrokerOptions { Tls = _certificates });

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    public void Dispose()
    {
        _certificates.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task The_hub_serves_https_and_reaches_the_broker_over_tls()
    {
        await using var app = HubApp.Build(
        [
            "--urls", "https://127.0.0.1:0",
            $"--Kestrel:Certificates:Default:Path={_certificates.ServerCertFile}",
            $"--Kestrel:Certificates:Default:KeyPath={_certificates.ServerKeyFile}",
            $"--Hub:Mqtt:Port={_broker.TlsPort}",
            $"--Hub:Mqtt:Tls:CaFile={_certificates.CaFile}",
            $"--Hub:Mqtt:ClientId=hub-tls-{Guid.NewGuid():N}",
            $"--Hub:Storage:SqlitePath={_directory.Combine("hub.db")}",
            "--Hub:Mqtt:ReconnectMaxDelay=00:00:01",
            "--Logging:LogLevel:Default=Warning",
            DemoSite.HubArgument,
        ]);
        await app.StartAsync();
        var address = new Uri(app.Urls.Single());
        Assert.Equal("https", address.Scheme);

        using var trusting = new HttpClient(TrustingOnly(_certificates.CaFile)) { BaseAddress = address };
        var health = await Poll.UntilAsync(
            async () => (await trusting.GetFromJsonAsync<JsonNode>(new Uri("/health", UriKind.Relative)))!,
            h => (string?)h["mqtt"] == "connected", "the hub to connect to the broker over TLS");
        Assert.Equal("connected", (string?)health["mqtt"]);

        // A client that does not trust the deployment's CA (the system's store) gets no answer.
        using var untrusting = new HttpClient { BaseAddress = address };
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => untrusting.GetAsync(new Uri("/health", UriKind.Relative)));
        Assert.IsType<AuthenticationException>(refused.InnerException);
        await app.StopAsync();
    }

    [Fact]
    public void Tls_settings_naming_missing_files_stop_the_hub_at_start()
    {
        var error = Assert.Throws<InvalidOperationException>(() => HubApp.Build(
        [
            $"--Hub:Mqtt:Tls:CaFile={_directory.Combine("absent-ca.pem")}",
            $"--Hub:Mqtt:Tls:CertFile={_certificates.CaFile}",
            $"--Hub:Storage:SqlitePath={_directory.Combine("hub.db")}",
        ]));

        Assert.Contains($"Hub:Mqtt:Tls:CaFile: no file at '{_directory.Combine("absent-ca.pem")}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Hub:Mqtt:Tls:CertFile and KeyFile go together", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A handler that trusts only certificates chaining to <paramref name="caFile"/>, with the host name checked.</summary>
    private static HttpClientHandler TrustingOnly(string caFile)
    {
        var ca = X509Certificate2.CreateFromPem(File.ReadAllText(caFile));
        return new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null || errors.HasFlag(System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch))
                    return false;
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(certificate);
            },
        };
    }
}
