namespace EdgeSecurity.Cli.Camera;

public static class CameraUrl
{
    public static bool IsRtsp(string url) => url.StartsWith("rtsp://", StringComparison.OrdinalIgnoreCase);

    /// <summary>The URL with any password replaced by ***: probe output ends up in commissioning reports and terminals.</summary>
    public static string Masked(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.IsFile || !uri.UserInfo.Contains(':', StringComparison.Ordinal))
            return url;
        var user = uri.UserInfo[..uri.UserInfo.IndexOf(':', StringComparison.Ordinal)];
        var at = url.IndexOf('@', StringComparison.Ordinal);
        return $"{uri.Scheme}://{user}:***{url[at..]}";
    }
}
