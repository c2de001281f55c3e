namespace EdgeSecurity.Hub.Storage;

public static class StorageExtensions
{
    public const string SqlitePathKey = "Hub:Storage:SqlitePath";
    private const string DefaultSqlitePath = "data/hub.db";

    /// <summary>Registers the database; call it before the other capabilities so the schema is migrated before ingestion starts.</summary>
    public static IHostApplicationBuilder AddHubStorage(this IHostApplicationBuilder builder)
    {
        var path = SqlitePath(builder);
        builder.Services.AddSingleton(_ => new HubDatabase(path));
        builder.Services.AddHostedService<SchemaMigrator>();
        return builder;
    }

    /// <summary>The hub database's full path; other files the hub keeps (the telemetry spool) sit next to it.</summary>
    public static string SqlitePath(IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configured = builder.Configuration[SqlitePathKey];
        return Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? DefaultSqlitePath : configured, builder.Environment.ContentRootPath);
    }
}
