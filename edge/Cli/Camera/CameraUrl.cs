namespace EdgeSecurity.Cli.Camera;

public static class CameraUrl
{
    public static bool IsRtsp(string url) => url.StartsWith("rtsp://", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The URL with any password replaced by ***: probe output ends up in commissioning reports and terminals. Read by
    /// hand, not with <see cref="Uri"/>, because installers type passwords with an unescaped '@' that Uri refuses.
    /// </summary>
    public static string Masked(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
            return url;
        var start = schemeEnd + 3;
        var end = url.IndexOf('/', start);
        if (end < 0)
            end = url.Length;
        var at = end > start ? url.LastIndexOf('@', end - 1, end - start) : -1;
        var colon = at < 0 ? -1 : url.IndexOf(':', start, at - start);
        return colon < 0 ? url : string.Concat(url.AsSpan(0, colon + 1), "***", url.AsSpan(at));
    }
}
