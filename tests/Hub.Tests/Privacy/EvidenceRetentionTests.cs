using System.Security.Cryptography;
using EdgeSecurity.Contract;
using EdgeSecurity.Hub.Storage;
using EdgeSecurity.Hub.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeSecurity.Hub.Tests.Privacy;

/// <summary>
/// Alert snapshots are purged (file and index row) after Hub:Evidence:Retention by the background job on the hub's
/// clock, except while an open incident points at them.
/// </summary>
public abstract class EvidenceRetentionTests : IAsyncLifetime, IDisposable
{
    private static readonly byte[] Jpeg = File.ReadAllBytes(Path.Combine(RepositoryLayout.SharedDirectory, "media", "vtest_frame_t20s.jpg"));
    private static readonly TimeSpan PurgeInterval = TimeSpan.FromHours(1);

    private readonly TempDirectory _files = new("hub-evidence-retention");
    private readonly ManualTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private MosquittoBroker _broker = null!;
    private HubHost _hub = null!;
    private EdgePublisher _edge = null!;
    private DemoClients _people = null!;

    public async Task InitializeAsync()
    {
        _broker = await MosquittoBroker.StartAsync();
        _hub = await HubHost.StartAsync(_broker.Port, _files.Combine("hub.db"), services => services.AddSingleton<TimeProvider>(_clock),
            [.. await StorageSettingsAsync(), "--Hub:Evidence:Retention=1.00:00:00", "--Hub:Evidence:PurgeInterval=01:00:00"]);
        _edge = await EdgePublisher.ConnectAsync(_broker.Host, _broker.Port);
        _people = new DemoClients(_hub.BaseAddress);
        await Poll.UntilAsync(_hub.HealthAsync, h => (string?)h["mqtt"] == "connected", "the hub to connect to the broker");
    }

    protected abstract Task<IReadOnlyList<string>> StorageSettingsAsync();

    [Fact]
    public async Task Old_snapshots_are_purged_with_their_rows_but_one_an_open_incident_shows_is_kept_until_the_incident_is_finished()
    {
        var (openUri, openFile) = NewSnapshot();
        var (orphanUri, orphanFile) = NewSnapshot();
        var (recentUri, recentFile) = NewSnapshot();
        var e = SampleEvents.Create(DemoSite.Community, EventTypes.PerimeterIntrusion) with
        {
            GatewayId = DemoSite.Gateway,
            DeviceId = "cam-retention",
            Place = new Place(DemoSite.Community, DemoSite.Grid, "3"),
            IsTest = false,
            Evidence = new EvidenceRef(EvidenceKind.Snapshot, openUri),
        };
        await _edge.PublishAsync(e);
        await UploadAsync(openUri);
        await UploadAsync(orphanUri);
        await Poll.UntilAsync(() => Task.FromResult(File.Exists(openFile) && File.Exists(orphanFile)), done => done, "both snapshots stored");
        await Poll.UntilAsync(() => RowsAsync(openUri, orphanUri), n => n == 2, "both snapshots indexed");
        var incident = (await _hub.IncidentsOnceAsync(DemoSite.Community, 1)).Single(i => (string?)i!["eventId"] == e.EventId.ToString());

        _clock.Advance(TimeSpan.FromDays(1) + PurgeInterval);
        await UploadAsync(recentUri);
        await Poll.UntilAsync(() => RowsAsync(recentUri), n => n == 1, "the recent snapshot indexed");
        // The purge deletes the file, then its row: wait for both.
        await Poll.UntilAsync(async () => await AdvancedAsync(() => !File.Exists(orphanFile)) && await RowsAsync(orphanUri) == 0, gone => gone, "the old orphan snapshot purged");

        Assert.Equal(0, await RowsAsync(orphanUri));
        Assert.True(File.Exists(openFile), "the snapshot of the open incident was purged");
        Assert.Equal(1, await RowsAsync(openUri));
        Assert.True(File.Exists(recentFile), "a snapshot younger than the retention was purged");

        var id = Guid.Parse((string)incident!["id"]!);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await _people.ActAsync("wangmin", id, "acknowledge")).Status);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await _people.ActAsync("wangmin", id, "resolve")).Status);
        await Poll.UntilAsync(async () => await AdvancedAsync(() => !File.Exists(openFile)) && await RowsAsync(openUri) == 0, gone => gone, "the finished incident's old snapshot purged");
        Assert.Equal(0, await RowsAsync(openUri));
    }

    [Fact]
    public void A_retention_that_is_not_a_positive_time_span_stops_the_hub_with_the_key_named()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new("Hub:Evidence:Retention", "-1.00:00:00")]).Build();
        var error = Assert.Throws<InvalidOperationException>(() => Evidence.EvidenceRetention.From(configuration));
        Assert.Contains("Hub:Evidence:Retention", error.Message, StringComparison.Ordinal);
    }

    private (string Uri, string File) NewSnapshot()
    {
        var uuid = Guid.CreateVersion7();
        return ($"evidence://{DemoSite.Gateway}/snapshots/{uuid:D}.jpg", _files.Combine(Path.Combine("evidence", DemoSite.Gateway, $"{uuid:D}.jpg")));
    }

    private Task UploadAsync(string uri) =>
        _edge.PublishAsync(Topics.Evidence(DemoSite.Community, DemoSite.Gateway, "cam-retention"),
            ContractWriter.ToJson(new EvidenceUpload(uri, "image/jpeg", Convert.ToHexStringLower(SHA256.HashData(Jpeg)), Jpeg)));

    /// <summary>Moves the hub's clock one purge interval on, so the job runs again, then checks.</summary>
    private Task<bool> AdvancedAsync(Func<bool> check)
    {
        _clock.Advance(PurgeInterval);
        return Task.FromResult(check());
    }

    private async Task<int> RowsAsync(params string[] uris)
    {
        await using var connection = await _hub.Services.GetRequiredService<HubDatabase>().OpenAsync(CancellationToken.None);
        var count = 0;
        foreach (var uri in uris)
        {
            await using var command = connection.Command(null, "SELECT count(*) FROM evidence_files WHERE uri = @uri;");
            command.Bind("@uri", uri);
            count += Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
        return count;
    }

    public async Task DisposeAsync()
    {
        _people?.Dispose();
        await _edge.DisposeAsync();
        await _hub.DisposeAsync();
        await _broker.DisposeAsync();
        await DisposeStorageAsync();
    }

    protected virtual Task DisposeStorageAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _files.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class EvidenceRetentionTestsOnSqlite : EvidenceRetentionTests
{
    protected override Task<IReadOnlyList<string>> StorageSettingsAsync() => Task.FromResult<IReadOnlyList<string>>([]);
}

public sealed class EvidenceRetentionTestsOnPostgres : EvidenceRetentionTests
{
    private PostgresServer? _postgres;

    protected override async Task<IReadOnlyList<string>> StorageSettingsAsync()
    {
        _postgres = await PostgresServer.StartAsync();
        return await _postgres.HubSettingsAsync();
    }

    protected override async Task DisposeStorageAsync()
    {
        if (_postgres is not null)
            await _postgres.DisposeAsync();
    }
}
