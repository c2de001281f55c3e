using EdgeSecurity.Testing;

namespace EdgeSecurity.Video.Tests.Evidence;

/// <summary>The store on a real directory, its clock manual: names, reading back, purge order under a tiny cap, ages, restart.</summary>
public sealed class EvidenceStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new("evidence-store");
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public void An_item_is_named_by_a_stable_uri_and_reads_back_byte_for_byte()
    {
        var store = Open();
        byte[] content = [1, 2, 3, 4, 5];

        var item = store.Add(EvidenceFileKind.Snapshot, EvidenceRetention.Alert, content);

        Assert.Matches(@"^evidence://gw-test-01/snapshots/[0-9a-f-]{36}\.jpg$", item.Uri);
        Assert.True(Uri.IsWellFormedUriString(item.Uri, UriKind.Absolute));
        Assert.Equal(_time.GetUtcNow().ToUnixTimeMilliseconds(), item.CreatedAt.ToUnixTimeMilliseconds());
        Assert.Equal(_directory.Combine("evidence/alert/snapshots/" + item.Id + ".jpg"), item.Path);
        using var stream = store.OpenRead(item.Uri);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        Assert.Equal(content, copy.ToArray());
    }

    [Fact]
    public void Past_the_cap_routine_items_go_oldest_first_and_alert_items_only_after_them()
    {
        var store = Open(maxBytes: 3500);
        var routine1 = Add(store, EvidenceRetention.Routine);
        var alert1 = Add(store, EvidenceRetention.Alert);
        var routine2 = Add(store, EvidenceRetention.Routine);

        var alert2 = Add(store, EvidenceRetention.Alert);
        Assert.Equal([alert1, routine2, alert2], store.Items.Select(i => i.Uri));

        var alert3 = Add(store, EvidenceRetention.Alert);
        Assert.Equal([alert1, alert2, alert3], store.Items.Select(i => i.Uri));

        var alert4 = Add(store, EvidenceRetention.Alert);
        Assert.Equal([alert2, alert3, alert4], store.Items.Select(i => i.Uri));
        Assert.Equal(3000, store.TotalBytes);
        Assert.Null(store.Find(routine1));
        Assert.Throws<FileNotFoundException>(() => store.OpenRead(routine1));
        Assert.Equal(3, Directory.GetFiles(_directory.Combine("evidence"), "*.jpg", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public void A_new_item_larger_than_the_cap_is_kept_and_everything_older_goes()
    {
        var store = Open(maxBytes: 1500);
        Add(store, EvidenceRetention.Alert);

        var big = store.Add(EvidenceFileKind.Clip, EvidenceRetention.Routine, new byte[4000]);

        Assert.Equal([big.Uri], store.Items.Select(i => i.Uri));
    }

    [Fact]
    public void Routine_items_expire_before_alert_items_and_originals_expire_first()
    {
        var store = Open();
        var routine = Add(store, EvidenceRetention.Routine);
        var alert = Add(store, EvidenceRetention.Alert);
        var original = store.Add(EvidenceFileKind.Original, EvidenceRetention.Alert, new byte[10]).Uri;

        _time.Advance(TimeSpan.FromDays(3));
        Assert.Empty(store.Purge());
        _time.Advance(TimeSpan.FromDays(2));
        Assert.Equal([original], store.Purge().Select(i => i.Uri));
        _time.Advance(TimeSpan.FromDays(5));
        Assert.Equal([routine], store.Purge().Select(i => i.Uri));
        _time.Advance(TimeSpan.FromDays(21));
        Assert.Equal([alert], store.Purge().Select(i => i.Uri));
    }

    [Fact]
    public void A_reopened_store_finds_its_items_and_drops_half_written_ones()
    {
        var first = Open();
        var kept = Add(first, EvidenceRetention.Alert);
        File.WriteAllBytes(Path.Combine(first.TemporaryDirectory, "interrupted.jpg.partial"), new byte[100]);

        var second = Open();

        Assert.Equal([kept], second.Items.Select(i => i.Uri));
        Assert.Equal(1000, second.TotalBytes);
        Assert.Empty(Directory.GetFiles(second.TemporaryDirectory));
    }

    [Theory]
    [InlineData("evidence://gw-other/snapshots/019a4c6e-5b1f-7c3a-9d2e-0a1b2c3d4e5f.jpg")]
    [InlineData("evidence://gw-test-01/snapshots/../../etc/passwd")]
    [InlineData("evidence://gw-test-01/snapshots/019a4c6e-5b1f-7c3a-9d2e-0a1b2c3d4e5f.mp4")]
    [InlineData("file:///etc/passwd")]
    [InlineData("")]
    public void Uris_that_are_not_this_stores_find_nothing(string uri)
    {
        var store = Open();

        Assert.Null(store.Find(uri));
        Assert.Throws<FileNotFoundException>(() => store.OpenRead(uri));
    }

    [Fact]
    public void A_size_cap_that_is_not_positive_and_an_id_that_is_not_a_uuidv7_are_refused()
    {
        var store = Open();

        Assert.Throws<ArgumentOutOfRangeException>(() => EvidenceStore.Open(new EvidenceStoreOptions { DataDirectory = _directory.Path, GatewayId = "gw-test-01", MaxBytes = 0 }));
        Assert.Throws<ArgumentException>(() => store.Add(EvidenceFileKind.Snapshot, EvidenceRetention.Alert, [1], Guid.NewGuid()));
        Assert.Empty(Directory.GetFiles(store.TemporaryDirectory));
    }

    public void Dispose() => _directory.Dispose();

    private EvidenceStore Open(long maxBytes = 1_000_000) => EvidenceStore.Open(new EvidenceStoreOptions
    {
        DataDirectory = _directory.Path,
        GatewayId = "gw-test-01",
        MaxBytes = maxBytes,
        RoutineMaxAge = TimeSpan.FromDays(7),
        AlertMaxAge = TimeSpan.FromDays(30),
        OriginalMaxAge = TimeSpan.FromDays(4),
    }, _time);

    /// <summary>A 1000-byte snapshot a second after the last, so ages differ.</summary>
    private string Add(EvidenceStore store, EvidenceRetention retention)
    {
        _time.Advance(TimeSpan.FromSeconds(1));
        return store.Add(EvidenceFileKind.Snapshot, retention, new byte[1000]).Uri;
    }
}
