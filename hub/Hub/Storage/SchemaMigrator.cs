using System.Data.Common;

namespace EdgeSecurity.Hub.Storage;

/// <summary>
/// Brings the database to the schema this build expects before anything else touches it.
/// Each migration runs once, in its own transaction, and bumps schema_version.
/// </summary>
public sealed class SchemaMigrator(HubDatabase database, ILogger<SchemaMigrator> logger) : IHostedService
{
    // Any fixed number: the advisory lock that serialises PostgreSQL migrations across hubs starting together.
    private const long PostgresMigrationLock = 0x45_53_48_75_62;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var steps = Migrations.For(database.Provider);
        if (database.Provider == StorageProvider.Sqlite && Path.GetDirectoryName(database.Description) is { Length: > 0 } directory)
            Directory.CreateDirectory(directory);

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        const string VersionTable = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);";
        if (database.Provider == StorageProvider.Sqlite)
        {
            // WAL cannot be switched on inside a transaction; BEGIN IMMEDIATE below orders hubs starting together.
            await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL; " + VersionTable, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // PostgreSQL's CREATE TABLE IF NOT EXISTS is not safe against a concurrent one: take the lock first.
            await using var prepare = await database.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            await LockAsync(connection, prepare, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, prepare, VersionTable, cancellationToken).ConfigureAwait(false);
            await prepare.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        // The version is read inside the transaction that applies the next step, under a write lock (SQLite's BEGIN
        // IMMEDIATE, PostgreSQL's advisory lock), so hubs started together on one database never apply a step twice.
        while (true)
        {
            await using var transaction = await database.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            if (database.Provider == StorageProvider.Postgres)
                await LockAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            var current = await CurrentVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            if (current > steps.Count)
                throw new InvalidOperationException($"The database {database.Description} has schema version {current}, newer than this hub's {steps.Count}; run a newer hub or restore a backup.");
            if (current == steps.Count)
                return;

            var next = current + 1;
            await ExecuteAsync(connection, transaction, steps[next - 1], cancellationToken).ConfigureAwait(false);
            await using var bump = connection.Command(transaction, "DELETE FROM schema_version; INSERT INTO schema_version (version) VALUES (@version);").Bind("@version", next);
            await bump.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Database {Database} migrated to schema version {Version}", database.Description, next);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static async Task LockAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        await using var command = connection.Command(transaction, "SELECT pg_advisory_xact_lock(@key);").Bind("@key", PostgresMigrationLock);
        await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
    }

    private static async Task<int> CurrentVersionAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        await using var command = connection.Command(transaction, "SELECT coalesce(max(version), 0) FROM schema_version;");
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken ct)
    {
        await using var command = connection.Command(transaction, sql);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
