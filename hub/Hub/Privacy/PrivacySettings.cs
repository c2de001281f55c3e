using EdgeSecurity.Hub.Storage;

namespace EdgeSecurity.Hub.Privacy;

/// <param name="KeyFile">The personal data key: 32 bytes in Base64, made at the first start (mode 600) when missing.</param>
public sealed record PrivacySettings(string KeyFile)
{
    public const string KeyFileKey = "Hub:Privacy:KeyFile";

    /// <summary>Default: <c>privacy.key</c> beside the SQLite database (also with PostgreSQL, like the telemetry spool).</summary>
    public static PrivacySettings From(IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configured = builder.Configuration[KeyFileKey];
        return new PrivacySettings(string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(Path.GetDirectoryName(StorageExtensions.SqlitePath(builder))!, "privacy.key")
            : Path.GetFullPath(configured, builder.Environment.ContentRootPath));
    }
}
