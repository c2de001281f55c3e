using System.Security.Cryptography;
using EdgeSecurity.Contract;
using EdgeSecurity.Hub.Tests.Infrastructure;

namespace EdgeSecurity.Hub.Tests.Forwarding;

/// <summary>Structured objects are kept with their crops for Hub:Objects:Retention, then both are deleted.</summary>
public sealed class StructuredObjectRetentionTests : IAsyncLifetime, IDisposable
{
    private static readonly byte[] Crop = File.ReadAllBytes(Path.Combine(RepositoryLayout.SharedDirectory, "media", "vtest_frame_t20s.jpg"));

    private readonly TempDirectory _directory = new("hub-object-retention");
    private MosquittoBroker _broker = null!;
    private HubHost _hub = null!;
    private EdgePublisher _edge = null!;

    public async Task InitializeAsync()
    {
        _broker = await MosquittoBroker.StartAsync();
        _hub = await HubHost.StartAsync(_broker.Port, _directory.Combine("hub.db"), null,
            "--Hub:Objects:Retention=00:00:02",
            "--Hub:Objects:PurgeInterval=00:00:00.200");
        _edge = await EdgePublisher.ConnectAsync("127.0.0.1", _broker.Port);
    }

    [Fact]
    public async Task An_object_and_its_crop_are_stored_without_a_viid_and_deleted_after_the_retention()
    {
        var uuid = Guid.CreateVersion7();
        var person = new StructuredObject(Guid.CreateVersion7(), DemoSite.Gateway, "cam-1", ObjectKind.Person, "person", 1, DateTimeOffset.UtcNow,
            new ObjectBox(100, 40, 160, 200, 768, 576), 0.9, "up",
            new ObjectImage($"evidence://{DemoSite.Gateway}/snapshots/{uuid:D}.jpg", Convert.ToHexStringLower(SHA256.HashData(Crop)), 768, 576, Crop));
        var crop = _directory.Combine(Path.Combine("evidence", DemoSite.Gateway, $"{uuid:D}.jpg"));

        await _edge.PublishAsync(Topics.Objects(DemoSite.Community, DemoSite.Gateway, "cam-1"), ContractWriter.ToJson(person));

        var stored = await Poll.UntilAsync(() => _hub.GetArrayAsync("/api/upstream/viid/objects"), a => a.Count == 1, "the object at the hub");
        Assert.Equal("pending", (string?)stored[0]!["status"]);
        Assert.Equal(Crop, await File.ReadAllBytesAsync(crop));
        await Poll.UntilAsync(() => _hub.GetArrayAsync("/api/upstream/viid/objects"), a => a.Count == 0, "the object deleted after 2 s", TimeSpan.FromSeconds(15));
        Assert.False(File.Exists(crop));
    }

    public async Task DisposeAsync()
    {
        await _edge.DisposeAsync();
        await _hub.DisposeAsync();
        await _broker.DisposeAsync();
    }

    public void Dispose() => _directory.Dispose();
}
