using EdgeSecurity.Contract;

namespace EdgeSecurity.Hub.Evidence;

/// <summary>
/// Evidence files gateways sent (alert snapshots), kept under <c>evidence/{gateway}/{uuid}.jpg</c> beside the hub's
/// database. The name comes from the evidence URI the contract reader has checked (a snapshot of the sending gateway,
/// a UUID), so it cannot reach outside the directory. Storing is idempotent by URI: a copy sent again replaces nothing.
/// Written to a temporary file, flushed and renamed, so a crash never leaves half a JPEG under a valid name.
/// </summary>
public sealed class EvidenceFiles(string directory)
{
    private const string SnapshotsSegment = "/snapshots/";

    public string Directory { get; } = directory;

    /// <summary>Stores an upload; false when a file of that URI was already stored (a redelivery).</summary>
    public async Task<bool> StoreAsync(EvidenceUpload upload, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var path = PathOf(upload.Uri) ?? throw new ArgumentException($"'{upload.Uri}' is not a snapshot URI", nameof(upload));
        if (File.Exists(path))
            return false;
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.partial";
        await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true))
        {
            await stream.WriteAsync(upload.Data, ct).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
        return true;
    }

    /// <summary>The stored file of a URI, or null when the URI is not a snapshot URI or nothing was received for it.</summary>
    public string? Find(string uri) => PathOf(uri) is { } path && File.Exists(path) ? path : null;

    /// <summary>Deletes the stored file of a URI (retention); false when there was none.</summary>
    public bool Delete(string uri)
    {
        if (Find(uri) is not { } path)
            return false;
        File.Delete(path);
        return true;
    }

    /// <summary><c>evidence://{gateway}/snapshots/{uuid}.jpg</c> to its file; null for anything else.</summary>
    private string? PathOf(string uri)
    {
        const string prefix = "evidence://";
        if (!uri.StartsWith(prefix, StringComparison.Ordinal) || !uri.EndsWith(".jpg", StringComparison.Ordinal))
            return null;
        var rest = uri[prefix.Length..^4];
        var slash = rest.IndexOf(SnapshotsSegment, StringComparison.Ordinal);
        if (slash < 0)
            return null;
        var gateway = rest[..slash];
        var id = rest[(slash + SnapshotsSegment.Length)..];
        return Identifiers.IsValid(gateway) && Guid.TryParseExact(id, "D", out var uuid)
            ? Path.Combine(Directory, gateway, $"{uuid:D}.jpg")
            : null;
    }
}
