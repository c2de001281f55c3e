using System.Security.Cryptography;
using EdgeSecurity.Contract;
using EdgeSecurity.Hub.Tests.Infrastructure;
using EdgeSecurity.Upstream.Tests.Viid;
using Microsoft.Data.Sqlite;

namespace EdgeSecurity.Hub.Tests.Forwarding;

/// <summary>A 视图库 configured as a police platform receiving originals: the crop goes as the gateway sent it, and each such upload is in the access audit first.</summary>
public sealed class ViidOriginalsTests : IAsyncLifetime, IDisposable
{
    private const string Camera = "33010600011320000061";
    private const string Device = "cam-police";

    private static readonly byte[] Crop = File.ReadAllBytes(Path.Combine(RepositoryLayout.SharedDirectory, "media", "vtest_frame_t20s.jpg"));

    private readonly TempDirectory _directory = new("hub-viid-originals");
    private MosquittoBroker _broker = null!;
    private ViidTestServer _viid = null!;
    private HubHost _hub = null!;
    private EdgePublisher _edge = null!;

    public async Task InitializeAsync()
    {
        _broker = await MosquittoBroker.StartAsync();
        _viid = await ViidTestServer.StartAsync();
        _hub = await HubHost.StartAsync(_broker.Port, _directory.Combine("hub.db"), null,
            $"--Hub:Viid:BaseUri={_viid.BaseUri}",
            "--Hub:Viid:DeviceId=33010600012008000001",
            $"--Hub:Viid:Username={ViidTestServer.Username}",
            $"--Hub:Viid:Password={ViidTestServer.Password}",
            "--Hub:Viid:ObjectInterval=00:00:00.100",
            "--Hub:Viid:ReceivesOriginals=true",
            $"--Hub:Viid:Cameras:{Camera}:Gateway={DemoSite.Gateway}",
            $"--Hub:Viid:Cameras:{Camera}:Device={Device}",
            $"--Hub:Viid:Cameras:{Camera}:Name=派出所视图库测试",
            $"--Hub:Viid:Cameras:{Camera}:Model=DS-2CD3T46",
            $"--Hub:Viid:Cameras:{Camera}:IPAddr=192.168.10.61",
            $"--Hub:Viid:Cameras:{Camera}:Port=554",
            $"--Hub:Viid:Cameras:{Camera}:Longitude=120.1234",
            $"--Hub:Viid:Cameras:{Camera}:Latitude=30.2741");
        _edge = await EdgePublisher.ConnectAsync("127.0.0.1", _broker.Port);
    }

    [Fact]
    public async Task The_crop_goes_unchanged_and_the_upload_is_audited()
    {
        var person = new StructuredObject(Guid.CreateVersion7(), DemoSite.Gateway, Device, ObjectKind.Person, "person", 3, DateTimeOffset.UtcNow,
            new ObjectBox(100, 40, 160, 200, 768, 576), 0.9, null,
            new ObjectImage($"evidence://{DemoSite.Gateway}/snapshots/{Guid.CreateVersion7():D}.jpg", Convert.ToHexStringLower(SHA256.HashData(Crop)), 768, 576, Crop));

        await _edge.PublishAsync(Topics.Objects(DemoSite.Community, DemoSite.Gateway, Device), ContractWriter.ToJson(person));

        var uploaded = await Poll.UntilAsync(() => Task.FromResult(_viid.Kept["Persons"].Values.ToList()), p => p.Count == 1, "the person at the police 视图库");
        var id = uploaded[0].GetProperty("PersonID").GetString()!;
        var data = uploaded[0].GetProperty("SubImageList").GetProperty("SubImageInfoObject")[0].GetProperty("Data").GetString()!;
        Assert.Equal(Crop, Convert.FromBase64String(data));
        var audit = AuditSubjects("unblurred_upload");
        var entry = Assert.Single(audit);
        Assert.Equal("viid", entry.Outcome);
        Assert.StartsWith($"{id} {id[..41]} {Crop.Length} bytes", entry.Subject, StringComparison.Ordinal);
    }

    private List<(string Outcome, string Subject)> AuditSubjects(string action)
    {
        using var connection = new SqliteConnection($"Data Source={_directory.Combine("hub.db")};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT outcome, subject FROM access_audit WHERE action = $action AND login = 'system:upstream';";
        command.Parameters.AddWithValue("$action", action);
        using var reader = command.ExecuteReader();
        var rows = new List<(string, string)>();
        while (reader.Read())
            rows.Add((reader.GetString(0), reader.GetString(1)));
        return rows;
    }

    public async Task DisposeAsync()
    {
        await _edge.DisposeAsync();
        await _hub.DisposeAsync();
        await _viid.DisposeAsync();
        await _broker.DisposeAsync();
    }

    public void Dispose() => _directory.Dispose();
}
