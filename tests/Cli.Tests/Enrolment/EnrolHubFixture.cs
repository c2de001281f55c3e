using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EdgeSecurity.Hub;
using EdgeSecurity.Hub.Enrolment;
using Microsoft.AspNetCore.Builder;

namespace EdgeSecurity.Cli.Tests.Enrolment;

/// <summary>
/// A real hub (in-process) with the demo site and its admin to issue codes, on a real broker in authenticated mode whose
/// accounts the hub provisions, as ./run.sh sets them up.
/// </summary>
public class EnrolHubFixture : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _files = new("cli-enrol-hub");
    private readonly TlsCertificates? _tls;
    private WebApplication? _hub;
    private MosquittoBroker? _broker;

    /// <summary>What the hub tells gateways; 127.0.0.1 is this broker, the name only shows it is passed on.</summary>
    public const string BrokerHost = "localhost";

    public EnrolHubFixture()
    {
    }

    /// <summary>The broker gets a TLS listener with these certificates, and the hub enrols gateways onto it with its CA.</summary>
    protected EnrolHubFixture(TlsCertificates tls) => _tls = tls;

    public Uri Url { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    /// <summary>The port gateways are told: the TLS listener's when there is one.</summary>
    public int BrokerPort => _tls is null ? _broker!.Port : _broker!.TlsPort;

    public string? CaFile => _tls?.CaFile;

    public async Task InitializeAsync()
    {
        var hubPassword = MosquittoPasswordHash.NewPassword();
        string[] files = [_files.Combine("passwords"), _files.Combine("acl"), _files.Combine("mosquitto.pid")];
        // mosquitto needs the files to exist; the hub fills them at start.
        await File.WriteAllTextAsync(files[0], "");
        await File.WriteAllTextAsync(files[1], "");
        _broker = await MosquittoBroker.StartAsync(new MosquittoBrokerOptions
        {
            AllowAnonymous = false,
            ExtraConfig = [$"password_file {files[0]}", $"acl_file {files[1]}", $"pid_file {files[2]}"],
            Tls = _tls,
        });
        _hub = HubApp.Build(
        [
            "--urls", "http://127.0.0.1:0",
            $"--Hub:Mqtt:Port={_broker.Port}",
            "--Hub:Mqtt:Username=hub",
            $"--Hub:Mqtt:Password={hubPassword}",
            "--Hub:Mqtt:ReconnectMaxDelay=00:00:01",
            $"--Hub:Broker:PasswordFile={files[0]}",
            $"--Hub:Broker:AclFile={files[1]}",
            $"--Hub:Broker:PidFile={files[2]}",
            $"--Hub:Storage:SqlitePath={_files.Combine("hub.db")}",
            $"--Hub:Enrolment:BrokerHost={BrokerHost}",
            "--Logging:LogLevel:Default=Warning",
            DemoSite.HubArgument,
            .. _tls is null ? Array.Empty<string>() : [$"--Hub:Enrolment:BrokerPort={_broker.TlsPort}", $"--Hub:Enrolment:BrokerCaFile={_tls.CaFile}"],
        ]);
        await _hub.StartAsync();
        Url = new Uri(_hub.Urls.Single());
        Admin = await DemoSite.SignInAsync(Url);
    }

    public async Task<string> IssueAsync(string gatewayId, double? validHours = null)
    {
        using var response = await Admin.PostAsJsonAsync(new Uri("/api/enrolment/codes", UriKind.Relative), new { gatewayId, validHours });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["code"]!;
    }

    /// <summary>The gateway's state as the hub's admin sees it: online, offline, or null when it never reported.</summary>
    public async Task<string?> GatewayStateAsync(string gatewayId)
    {
        var gateways = await Admin.GetFromJsonAsync<JsonArray>(new Uri("/api/gateways", UriKind.Relative));
        return (string?)gateways!.FirstOrDefault(g => (string?)g!["gatewayId"] == gatewayId)?["state"];
    }

    public async Task DisposeAsync()
    {
        Admin?.Dispose();
        if (_hub is not null)
        {
            await _hub.StopAsync();
            await _hub.DisposeAsync();
        }
        if (_broker is not null)
            await _broker.DisposeAsync();
    }

    public void Dispose()
    {
        _files.Dispose();
        _tls?.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class TlsEnrolHubFixture() : EnrolHubFixture(TlsCertificates.Make());
