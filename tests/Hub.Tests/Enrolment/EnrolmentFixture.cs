using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EdgeSecurity.Bindings.Mosquitto;
using EdgeSecurity.Hub.Enrolment;
using EdgeSecurity.Hub.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeSecurity.Hub.Tests.Enrolment;

/// <summary>
/// A broker in authenticated mode (no anonymous clients; password, ACL and pid files the hub rewrites) and a hub on a
/// manual clock that provisions it, as ./run.sh sets them up.
/// </summary>
public class EnrolmentFixture : IAsyncLifetime, IDisposable
{
    public const string HubUsername = "hub";

    private readonly TempDirectory _files = new("enrolment-tests");

    public string HubPassword { get; } = MosquittoPasswordHash.NewPassword();

    public ManualTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public MosquittoBroker Broker { get; private set; } = null!;

    public HubHost Hub { get; private set; } = null!;

    public DemoClients People { get; private set; } = null!;

    public string PasswordFile => _files.Combine("passwords");

    public string AclFile => _files.Combine("acl");

    public string DatabasePath => _files.Combine("hub.db");

    public async Task InitializeAsync()
    {
        // The broker refuses to start without its files; the hub replaces them at start with every account it knows.
        await File.WriteAllTextAsync(PasswordFile, $"{HubUsername}:{MosquittoPasswordHash.Hash(HubPassword)}\n");
        await File.WriteAllTextAsync(AclFile, BrokerAcl.Render(HubUsername, []));
        var pidFile = _files.Combine("mosquitto.pid");
        Broker = await MosquittoBroker.StartAsync(new MosquittoBrokerOptions
        {
            AllowAnonymous = false,
            ExtraConfig = [$"password_file {PasswordFile}", $"acl_file {AclFile}", $"pid_file {pidFile}"],
        });
        Hub = await HubHost.StartAsync(Broker.Port, DatabasePath, services => services.AddSingleton<TimeProvider>(Clock),
            [.. await StorageSettingsAsync(), $"--Hub:Mqtt:Username={HubUsername}", $"--Hub:Mqtt:Password={HubPassword}",
            $"--Hub:Broker:PasswordFile={PasswordFile}", $"--Hub:Broker:AclFile={AclFile}", $"--Hub:Broker:PidFile={pidFile}",
            "--Hub:Enrolment:BrokerHost=127.0.0.1", "--Hub:Enrolment:RedemptionsPerMinute=1000"]);
        People = new DemoClients(Hub.BaseAddress);
        await Poll.UntilAsync(Hub.HealthAsync, h => (string?)h["mqtt"] == "connected", "the hub to connect to the authenticated broker");
    }

    /// <summary>Hub settings choosing its database; none for the embedded SQLite default.</summary>
    protected virtual Task<IReadOnlyList<string>> StorageSettingsAsync() => Task.FromResult<IReadOnlyList<string>>([]);

    /// <summary>The first column of every row a query of the hub's own database (SQLite or PostgreSQL) returns.</summary>
    public async Task<IReadOnlyList<string>> QueryAsync(string sql)
    {
        await using var connection = await Hub.Services.GetRequiredService<Storage.HubDatabase>().OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
            values.Add(reader.GetString(0));
        return values;
    }

    /// <summary>Issues a code as the admin; the body of the 201 answer.</summary>
    public async Task<JsonObject> IssueAsync(string gatewayId, double? validHours = null)
    {
        using var response = await Hub.Http.PostAsJsonAsync(new Uri("/api/enrolment/codes", UriKind.Relative), new { gatewayId, validHours });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, body);
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>Redeems a code as a gateway does: no session.</summary>
    public async Task<(System.Net.HttpStatusCode Status, JsonObject Body)> RedeemAsync(string code)
    {
        using var anonymous = new HttpClient { BaseAddress = Hub.BaseAddress };
        using var response = await anonymous.PostAsJsonAsync(new Uri("/api/enrolment/redeem", UriKind.Relative), new { code });
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    /// <summary>A client with the given credentials, connected once the broker has taken the reloaded files.</summary>
    public async Task<MqttClient> ConnectAsync(string clientId, string username, string password)
    {
        return await Poll.UntilAsync(async () =>
        {
            var client = new MqttClient(new MqttClientOptions { ClientId = clientId, Host = Broker.Host, Port = Broker.Port, Username = username, Password = password });
            try
            {
                await client.ConnectAsync();
                return client;
            }
            catch (MqttException)
            {
                await client.DisposeAsync();
                return null;
            }
        }, c => c is not null, $"{username} to be accepted by the broker") ?? throw new InvalidOperationException("unreachable");
    }

    public virtual async Task DisposeAsync()
    {
        People?.Dispose();
        if (Hub is not null)
            await Hub.DisposeAsync();
        if (Broker is not null)
            await Broker.DisposeAsync();
    }

    public void Dispose()
    {
        _files.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The same with the hub on a PostgreSQL server of its own.</summary>
public sealed class PostgresEnrolmentFixture : EnrolmentFixture
{
    private PostgresServer? _postgres;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_postgres is not null)
            await _postgres.DisposeAsync();
    }

    protected override async Task<IReadOnlyList<string>> StorageSettingsAsync()
    {
        _postgres = await PostgresServer.StartAsync();
        return await _postgres.HubSettingsAsync();
    }
}
