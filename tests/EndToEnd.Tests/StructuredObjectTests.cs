using System.Globalization;
using System.Text.Json;
using EdgeSecurity.Upstream.Tests.Viid;

namespace EdgeSecurity.EndToEnd.Tests;

/// <summary>
/// A real camera pipeline to the 视图库: the agent process plays vtest.avi through the shared detector and tracker, sends
/// each confirmed person once with a face-pixelated crop, the hub process stores it and uploads it to a test 视图库 as
/// /VIID/Persons with the crop, blurred by the hub's privacy gate, as its SubImage.
/// </summary>
public sealed class StructuredObjectTests : IAsyncLifetime, IDisposable
{
    private const string Camera = "33010600011320000051";
    private const string Device = "cam-plaza";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _directory = new("edgesecurity-e2e-objects");
    private MosquittoBroker _broker = null!;
    private ViidTestServer _viid = null!;
    private ServiceProcess _hub = null!;
    private ServiceProcess _agent = null!;

    public async Task InitializeAsync()
    {
        _broker = await MosquittoBroker.StartAsync();
        _viid = await ViidTestServer.StartAsync();
        var hubUrl = new Uri($"http://127.0.0.1:{FreeTcpPort.Next()}");
        _hub = ServiceProcess.StartDotnet(RepositoryLayout.HubDll,
        [
            "--urls", hubUrl.ToString(),
            DemoSite.HubArgument,
            $"--Hub:Mqtt:Port={_broker.Port}",
            $"--Hub:Storage:SqlitePath={_directory.Combine("hub/hub.db")}",
            $"--Hub:Viid:BaseUri={_viid.BaseUri}",
            "--Hub:Viid:DeviceId=33010600012008000001",
            $"--Hub:Viid:Username={ViidTestServer.Username}",
            $"--Hub:Viid:Password={ViidTestServer.Password}",
            "--Hub:Viid:ObjectInterval=00:00:00.200",
            $"--Hub:Viid:Cameras:{Camera}:Gateway={DemoSite.Gateway}",
            $"--Hub:Viid:Cameras:{Camera}:Device={Device}",
            $"--Hub:Viid:Cameras:{Camera}:Name=3号楼广场",
            $"--Hub:Viid:Cameras:{Camera}:Model=DS-2CD3T46",
            $"--Hub:Viid:Cameras:{Camera}:IPAddr=192.168.10.51",
            $"--Hub:Viid:Cameras:{Camera}:Port=554",
            $"--Hub:Viid:Cameras:{Camera}:Longitude=120.1234",
            $"--Hub:Viid:Cameras:{Camera}:Latitude=30.2741",
        ], RepositoryLayout.Root);
        await _hub.WaitForOutputAsync("EdgeSecurity hub listening on", StartTimeout);

        var edge = _directory.Combine("edge");
        Directory.CreateDirectory(edge);
        var config = Path.Combine(edge, "agent.yaml");
        File.WriteAllText(config, string.Create(CultureInfo.InvariantCulture, $$"""
            gateway: { id: {{DemoSite.Gateway}}, community: {{DemoSite.Community}}, grid: {{DemoSite.Grid}} }
            broker: { host: 127.0.0.1, port: {{_broker.Port}}, keepAliveSeconds: 5 }
            dataDirectory: {{edge}}
            cameras:
              - id: {{Device}}
                source: {{Path.Combine(RepositoryLayout.SharedDirectory, "media", "vtest.avi")}}
                width: 640
                height: 480
                model: {{Path.Combine(RepositoryLayout.Root, "models", "yolox_nano_416.yaml")}}
                modelDirectory: {{Path.Combine(RepositoryLayout.SharedDirectory, "models")}}
                objectsPerMinute: 120
            evidence:
              maxMegabytes: 16
              faceModel: {{Path.Combine(RepositoryLayout.Root, "models", "ultraface_rfb_320.yaml")}}
            """));
        _agent = ServiceProcess.StartDotnet(RepositoryLayout.AgentDll, ["--config", config], RepositoryLayout.Root);
    }

    [Fact]
    public async Task Persons_seen_by_the_camera_reach_the_viid_once_each_with_a_decodable_blurred_crop()
    {
        var persons = await Poll.UntilAsync(() => Task.FromResult(_viid.Kept["Persons"].Values.ToList()), p => p.Count >= 2, "two persons at the 视图库", TimeSpan.FromSeconds(60));

        var crops = Directory.GetFiles(_directory.Combine("edge/evidence/alert/snapshots"));
        Assert.NotEmpty(crops);
        var edgeDetail = crops.Select(c => Detail(RawImage.Decode(c))).Average();
        Assert.Empty(Directory.GetFiles(_directory.Combine("edge/evidence/alert/originals")));
        foreach (var person in persons)
        {
            Assert.Equal(Camera, person.GetProperty("DeviceID").GetString());
            var image = person.GetProperty("SubImageList").GetProperty("SubImageInfoObject")[0];
            var jpeg = Convert.FromBase64String(image.GetProperty("Data").GetString()!);
            var path = _directory.Combine($"{Guid.NewGuid():N}.jpg");
            await File.WriteAllBytesAsync(path, jpeg);
            var decoded = RawImage.Decode(path);
            Assert.Equal((image.GetProperty("Width").GetInt32(), image.GetProperty("Height").GetInt32()), (decoded.Width, decoded.Height));
            Assert.InRange(decoded.Height, 20, 480);
            Assert.True(decoded.Height > decoded.Width / 2, $"a person's crop is upright: {decoded.Width}×{decoded.Height}");
            // The hub's gate blurred the edge's face-pixelated crop: far less detail than the camera's crops have.
            Assert.True(Detail(decoded) * 2 < edgeDetail, $"detail {Detail(decoded):0.00} of an upload vs {edgeDetail:0.00} of the edge's crops: not blurred");
        }
        Assert.All(_viid.Arrivals, a => Assert.Equal(1, a.Value));
        var trackIds = persons.Select(p => p.GetProperty("PersonID").GetString()).Distinct().Count();
        Assert.Equal(persons.Count, trackIds);
    }

    private static double Detail(RawImage image)
    {
        long sum = 0;
        for (var y = 0; y < image.Height; y++)
        {
            var row = y * image.Width * 3;
            for (var x = 1; x < image.Width; x++)
                sum += Math.Abs(image.Pixels[row + (x * 3) + 1] - image.Pixels[row + ((x - 1) * 3) + 1]);
        }
        return (double)sum / (image.Height * Math.Max(1, image.Width - 1));
    }

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        await _hub.DisposeAsync();
        await _viid.DisposeAsync();
        await _broker.DisposeAsync();
    }

    public void Dispose() => _directory.Dispose();
}
