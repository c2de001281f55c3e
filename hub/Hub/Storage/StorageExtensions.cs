namespace EdgeSecurity.Hub.Storage;

public static class StorageExtensions
{
    public const string ProviderKey = "Hub:Storage:Provider";
    public const string SqlitePathKey = "Hub:Storage:SqlitePath";
    public const string PostgresKey = "Hub:Storage:Postgres";
    private const string DefaultSqlitePath = "data/hub.db";

    /// <summary>Registers the database; call it before the other capabilities so the schema is migrated before ingestion starts.</summary>
    /// <exception cref="InvalidOperationException">The provider setting is unknown, or PostgreSQL is chosen without a connection string.</exception>
    public static IHostApplicationBuilder AddHubStorage(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var provider = builder.Configuration[ProviderKey] is { Length: > 0 } name
            ? ApiNames.TryParse<StorageProvider>(name, out var parsed)
                ? parsed
                : throw new InvalidOperationException($"{ProviderKey} = '{name}' is not a storage provider; use {ApiNames.Choices<StorageProvider>()}.")
            : StorageProvider.Sqlite;
        if (provider == StorageProvider.Postgres)
        {
            var connectionString = builder.Configuration[PostgresKey] is { Length: > 0 } configured
                ? configured
                : throw new InvalidOperationException($"{ProviderKey} is postgres but {PostgresKey} (an Npgsql connection string) is not set.");
            builder.Services.AddSingleton(_ => HubDatabase.Postgres(connectionString));
        }
        else
        {
            var path = SqlitePath(builder);
            builder.Services.AddSingleton(_ => HubDatabase.Sqlite(path));
        }
        builder.Services.AddHostedService<SchemaMigrator>();
        return builder;
    }

    /// <summary>
    /// The SQLite database's full path. Files the hub keeps for itself alone (the telemetry spool) sit next to it, also
    /// when the shared database is PostgreSQL.
    /// </summary>
    public static string SqlitePath(IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configured = builder.Configuration[SqlitePathKey];
        return Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? DefaultSqlitePath : configured, builder.Environment.ContentRootPath);
    }
}
