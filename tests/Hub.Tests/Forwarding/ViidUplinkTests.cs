using System.Text.Json.Nodes;
using EdgeSecurity.Hub.Tests.Infrastructure;
using EdgeSecurity.Upstream.Tests.Viid;

namespace EdgeSecurity.Hub.Tests.Forwarding;

/// <summary>The hub registered with a test GA/T 1400 视图库: digest registration, keepalives, and the device directory built from the site.</summary>
public sealed class ViidUplinkTests : IAsyncLifetime, IDisposable
{
    private const string Camera = "33010600011320000031";
    private const string UnplacedCamera = "33010600011320000032";

    private readonly TempDirectory _directory = new("hub-viid");
    private MosquittoBroker _broker = null!;
    private ViidTestServer _viid = null!;
    private HubHost _hub = null!;

    public async Task InitializeAsync()
    {
        _broker = await MosquittoBroker.StartAsync();
        _viid = await ViidTestServer.StartAsync();
        _hub = await HubHost.StartAsync(_broker.Port, _directory.Combine("hub.db"), null,
            $"--Hub:Viid:BaseUri={_viid.BaseUri}",
            "--Hub:Viid:DeviceId=33010600012008000001",
            $"--Hub:Viid:Username={ViidTestServer.Username}",
            $"--Hub:Viid:Password={ViidTestServer.Password}",
            "--Hub:Viid:KeepaliveInterval=00:00:00.200",
            $"--Hub:Viid:Cameras:{Camera}:Gateway={DemoSite.Gateway}",
            $"--Hub:Viid:Cameras:{Camera}:Name=3号楼2单元门口",
            $"--Hub:Viid:Cameras:{Camera}:Model=DS-2CD3T46",
            $"--Hub:Viid:Cameras:{Camera}:IPAddr=192.168.10.31",
            $"--Hub:Viid:Cameras:{Camera}:Port=554",
            $"--Hub:Viid:Cameras:{Camera}:Longitude=120.1234",
            $"--Hub:Viid:Cameras:{Camera}:Latitude=30.2741",
            $"--Hub:Viid:Cameras:{UnplacedCamera}:Gateway=gw-nowhere",
            $"--Hub:Viid:Cameras:{UnplacedCamera}:Name=未登记网关的摄像机",
            $"--Hub:Viid:Cameras:{UnplacedCamera}:Model=DS-2CD3T46",
            $"--Hub:Viid:Cameras:{UnplacedCamera}:IPAddr=192.168.10.32",
            $"--Hub:Viid:Cameras:{UnplacedCamera}:Port=554",
            $"--Hub:Viid:Cameras:{UnplacedCamera}:Longitude=120.1235",
            $"--Hub:Viid:Cameras:{UnplacedCamera}:Latitude=30.2742");
    }

    [Fact]
    public async Task The_hub_registers_keeps_alive_and_uploads_its_cameras_with_their_communitys_place_code()
    {
        await Poll.UntilAsync(() => Task.FromResult(_viid.Kept.GetValueOrDefault("APEs")?.Count ?? 0), n => n > 0, "the device directory at the 视图库");
        var ape = _viid.Kept["APEs"][Camera];
        Assert.Equal("330106007001", ape.GetProperty("PlaceCode").GetString());
        Assert.Equal("阳光花园社区", ape.GetProperty("Place").GetString());
        Assert.Equal("2", ape.GetProperty("IsOnline").GetString());
        Assert.False(_viid.Kept["APEs"].ContainsKey(UnplacedCamera));

        await Poll.UntilAsync(() => Task.FromResult(_viid.Keepalives), n => n >= 2, "keepalives");
        var status = await Poll.UntilAsync(() => _hub.GetObjectAsync("/api/upstream/viid"), s => s["lastDirectoryUpload"] is not null, "the uplink's status");
        Assert.True((bool)status["registered"]!);
        Assert.StartsWith("Ok: 1 accepted", (string?)status["lastDirectoryUpload"], StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _viid.DisposeAsync();
        await _broker.DisposeAsync();
    }

    public void Dispose() => _directory.Dispose();
}
