namespace EdgeSecurity.Video;

/// <summary>
/// Evidence files on the gateway, under <c>&lt;dataDirectory&gt;/evidence/{alert|routine}/{snapshots|clips|originals}/</c>,
/// each named by a stable <see cref="EvidenceUri"/>. Kept within a size cap and an age per retention class: past the
/// cap the oldest routine items go first, alert items only when no routine item is left. Files are written to
/// <c>evidence/tmp/</c>, synced, then renamed into place, so a power cut never leaves half a JPEG under a valid name.
/// Thread-safe.
/// </summary>
public sealed class EvidenceStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(EvidenceFileKind, Guid), EvidenceItem> _items = [];
    private readonly EvidenceStoreOptions _options;
    private readonly TimeProvider _time;
    private long _totalBytes;

    private EvidenceStore(EvidenceStoreOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        Root = Path.Combine(Path.GetFullPath(options.DataDirectory), "evidence");
        TemporaryDirectory = Path.Combine(Root, "tmp");
    }

    public string Root { get; }

    /// <summary>Scratch space on the store's file system (clips are assembled here), emptied when the store opens.</summary>
    public string TemporaryDirectory { get; }

    public string GatewayId => _options.GatewayId;

    public long TotalBytes
    {
        get
        {
            lock (_gate)
                return _totalBytes;
        }
    }

    /// <summary>Every item, oldest first.</summary>
    public IReadOnlyList<EvidenceItem> Items
    {
        get
        {
            lock (_gate)
                return [.. _items.Values.OrderBy(i => i.CreatedAt).ThenBy(i => i.Id)];
        }
    }

    /// <summary>Opens (or creates) the store and indexes what an earlier run left; leftovers of interrupted writes are deleted.</summary>
    public static EvidenceStore Open(EvidenceStoreOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxBytes < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxBytes, "The evidence size cap must be positive.");
        var store = new EvidenceStore(options, time ?? TimeProvider.System);
        if (Directory.Exists(store.TemporaryDirectory))
            Directory.Delete(store.TemporaryDirectory, recursive: true);
        Directory.CreateDirectory(store.TemporaryDirectory);
        foreach (var retention in Enum.GetValues<EvidenceRetention>())
        {
            foreach (var kind in Enum.GetValues<EvidenceFileKind>())
            {
                var directory = store.DirectoryOf(kind, retention);
                Directory.CreateDirectory(directory);
                foreach (var file in Directory.EnumerateFiles(directory, "*." + EvidenceUri.Extension(kind)))
                {
                    // Files that are not ours (no UUIDv7 name) are left alone and not counted.
                    if (Guid.TryParseExact(Path.GetFileNameWithoutExtension(file), "D", out var id) && id.Version == 7)
                        store.Index(store.ItemOf(kind, retention, id, new FileInfo(file).Length));
                }
            }
        }
        store.Purge();
        return store;
    }

    /// <summary>A new evidence id: a UUIDv7 of now, so ids sort by time and carry it.</summary>
    public Guid NewId() => Guid.CreateVersion7(_time.GetUtcNow());

    /// <summary>Stores bytes as one evidence file, then purges what the cap and ages no longer allow (never this one).</summary>
    /// <exception cref="ArgumentException">The id is not a UUIDv7 (ids come from <see cref="NewId"/>).</exception>
    public EvidenceItem Add(EvidenceFileKind kind, EvidenceRetention retention, ReadOnlySpan<byte> content, Guid? id = null)
    {
        CheckId(id);
        var itemId = id ?? NewId();
        var temporary = Path.Combine(TemporaryDirectory, $"{itemId:D}.{EvidenceUri.Extension(kind)}.partial");
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }
        return AddFile(kind, retention, temporary, itemId);
    }

    /// <summary>Moves a finished file (e.g. a clip assembled in <see cref="TemporaryDirectory"/>) into the store.</summary>
    public EvidenceItem AddFile(EvidenceFileKind kind, EvidenceRetention retention, string file, Guid? id = null)
    {
        CheckId(id);
        var item = ItemOf(kind, retention, id ?? NewId(), new FileInfo(file).Length);
        File.Move(file, item.Path, overwrite: true);
        lock (_gate)
        {
            Index(item);
            PurgeLocked(keep: item);
        }
        return item;
    }

    /// <summary>The item a URI names, or null when it was purged or never existed (or belongs to another gateway).</summary>
    public EvidenceItem? Find(string uri)
    {
        if (!EvidenceUri.TryParse(uri, out var gateway, out var kind, out var id) || gateway != _options.GatewayId)
            return null;
        lock (_gate)
            return _items.GetValueOrDefault((kind, id));
    }

    /// <summary>Opens an item for reading, e.g. to upload it to the hub.</summary>
    /// <exception cref="FileNotFoundException">No such item here: purged, never stored, or not this gateway's.</exception>
    public FileStream OpenRead(string uri)
    {
        var item = Find(uri) ?? throw new FileNotFoundException($"No evidence {uri} on this gateway: it was purged (size cap or age) or never stored.");
        try
        {
            return new FileStream(item.Path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        }
        catch (FileNotFoundException)
        {
            lock (_gate)
                Forget(item);
            throw new FileNotFoundException($"Evidence {uri} was deleted from {item.Path} outside the store.", item.Path);
        }
    }

    /// <summary>Deletes what is too old for its class, then the lowest-priority oldest items while over the cap; returns them.</summary>
    public IReadOnlyList<EvidenceItem> Purge()
    {
        lock (_gate)
            return PurgeLocked(keep: null);
    }

    private List<EvidenceItem> PurgeLocked(EvidenceItem? keep)
    {
        var now = _time.GetUtcNow();
        var removed = new List<EvidenceItem>();
        foreach (var item in _items.Values.Where(i => now - i.CreatedAt > MaxAge(i)).ToList())
        {
            if (Delete(item))
                removed.Add(item);
        }
        if (_totalBytes > _options.MaxBytes)
        {
            var byPriority = _items.Values.Where(i => i != keep).OrderBy(i => i.Retention).ThenBy(i => i.CreatedAt).ThenBy(i => i.Id).ToList();
            foreach (var item in byPriority)
            {
                if (_totalBytes <= _options.MaxBytes)
                    break;
                if (Delete(item))
                    removed.Add(item);
            }
        }
        return removed;
    }

    private static void CheckId(Guid? id)
    {
        if (id is { Version: not 7 })
            throw new ArgumentException($"Evidence ids are UUIDv7 (from NewId), which carry their time; {id} is version {id.Value.Version}.", nameof(id));
    }

    private TimeSpan MaxAge(EvidenceItem item)
    {
        var age = item.Retention == EvidenceRetention.Alert ? _options.AlertMaxAge : _options.RoutineMaxAge;
        return item.Kind == EvidenceFileKind.Original && _options.OriginalMaxAge < age ? _options.OriginalMaxAge : age;
    }

    /// <summary>A file that cannot be deleted now (held open on another system, a read-only mount) stays indexed and is tried again next purge.</summary>
    private bool Delete(EvidenceItem item)
    {
        try
        {
            File.Delete(item.Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
        Forget(item);
        return true;
    }

    private void Index(EvidenceItem item)
    {
        if (_items.Remove((item.Kind, item.Id), out var replaced))
            _totalBytes -= replaced.Length;
        _items[(item.Kind, item.Id)] = item;
        _totalBytes += item.Length;
    }

    private void Forget(EvidenceItem item)
    {
        if (_items.Remove((item.Kind, item.Id)))
            _totalBytes -= item.Length;
    }

    private EvidenceItem ItemOf(EvidenceFileKind kind, EvidenceRetention retention, Guid id, long length) => new(
        id,
        EvidenceUri.Format(_options.GatewayId, kind, id),
        kind,
        retention,
        EvidenceUri.TimeOf(id),
        length,
        Path.Combine(DirectoryOf(kind, retention), $"{id:D}.{EvidenceUri.Extension(kind)}"));

    private string DirectoryOf(EvidenceFileKind kind, EvidenceRetention retention) =>
        Path.Combine(Root, retention == EvidenceRetention.Alert ? "alert" : "routine", EvidenceUri.Folder(kind));
}
