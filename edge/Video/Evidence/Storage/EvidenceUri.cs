using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace EdgeSecurity.Video;

/// <summary>
/// Evidence names: <c>evidence://{gateway}/{snapshots|clips|originals}/{uuid}.{jpg|mp4}</c>. The name holds no
/// directory and no retention class, so it stays valid wherever the store keeps the file; the id is a UUIDv7, so the
/// name also says when the evidence was taken.
/// </summary>
public static class EvidenceUri
{
    public const string Scheme = "evidence";

    public static string Format(string gatewayId, EvidenceFileKind kind, Guid id) =>
        string.Create(CultureInfo.InvariantCulture, $"{Scheme}://{gatewayId}/{Folder(kind)}/{id:D}.{Extension(kind)}");

    /// <summary>Reads a URI this store made; anything else (another scheme, a path, a bad id) is refused.</summary>
    public static bool TryParse(string uri, [NotNullWhen(true)] out string? gatewayId, out EvidenceFileKind kind, out Guid id)
    {
        (gatewayId, kind, id) = (null, default, default);
        var prefix = Scheme + "://";
        if (uri is null || !uri.StartsWith(prefix, StringComparison.Ordinal))
            return false;
        var parts = uri[prefix.Length..].Split('/');
        if (parts.Length != 3 || parts[0].Length == 0)
            return false;
        EvidenceFileKind? found = parts[1] switch
        {
            "snapshots" => EvidenceFileKind.Snapshot,
            "clips" => EvidenceFileKind.Clip,
            "originals" => EvidenceFileKind.Original,
            _ => null,
        };
        var dot = parts[2].LastIndexOf('.');
        if (found is not { } k || dot < 0 || parts[2][(dot + 1)..] != Extension(k) || !Guid.TryParseExact(parts[2][..dot], "D", out id))
            return false;
        (gatewayId, kind) = (parts[0], k);
        return true;
    }

    internal static string Folder(EvidenceFileKind kind) => kind switch
    {
        EvidenceFileKind.Snapshot => "snapshots",
        EvidenceFileKind.Clip => "clips",
        _ => "originals",
    };

    internal static string Extension(EvidenceFileKind kind) => kind == EvidenceFileKind.Clip ? "mp4" : "jpg";

    /// <summary>The time inside a UUIDv7: its first 48 bits, milliseconds since the Unix epoch.</summary>
    internal static DateTimeOffset TimeOf(Guid id)
    {
        var text = id.ToString("N", CultureInfo.InvariantCulture);
        return DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(text[..12], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
    }
}
