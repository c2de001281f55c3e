namespace EdgeSecurity.Hub.Storage;

public static class StorageExtensions
{
    public const string SqlitePathKey = "Hub:Storage:SqlitePath";
    private const string DefaultSqlitePath = "data/hub.db";

    /// <summary>Registers the database; call it before the other capabilities so the schema is migrated before ingestion starts.</summary>
    public static IHostApplicationBuilder AddHubStorage(this IHostApplicationBuilder builder)
    {
        var configured = builder.Configuration[SqlitePathKey];
        var path = Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? DefaultSqlitePath : configured, builder.Environment.ContentRootPath);
        builder.Services.AddSingleton(_ => new HubDatabase(path));
        builder.Services.AddHostedService<SchemaMigrator>();
        return builder;
    }
}
