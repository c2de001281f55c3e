using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace EdgeSecurity.Hub.Storage;

/// <summary>
/// The hub's database, SQLite or PostgreSQL. Every caller opens its own short-lived pooled connection, so API reads
/// and ingestion writes never share one; the few things the two databases do differently (opening, transactions,
/// telling a unique-key conflict) are decided here and nowhere else.
/// </summary>
public sealed class HubDatabase : IDisposable
{
    // SQLite: WAL (set once by the schema migration; it stays with the file) lets API readers run while ingestion
    // writes, and a writer that meets another writer is retried by Microsoft.Data.Sqlite until the command timeout
    // instead of failing. synchronous is per connection, hence set at every open. FULL fsyncs the WAL at every commit,
    // so an incident reported as stored survives a hub crash and also a power cut or kernel panic; NORMAL would survive
    // only the first. PostgreSQL's defaults (fsync, synchronous_commit on) give the same guarantee.
    private const string SqlitePragmas = "PRAGMA synchronous = FULL;";
    private const string PostgresUniqueViolation = "23505";
    private const int SqliteConstraintError = 19;

    private readonly string? _sqliteConnectionString;
    private readonly NpgsqlDataSource? _postgres;

    private HubDatabase(StorageProvider provider, string description, string? sqliteConnectionString, NpgsqlDataSource? postgres)
    {
        Provider = provider;
        Description = description;
        _sqliteConnectionString = sqliteConnectionString;
        _postgres = postgres;
    }

    public StorageProvider Provider { get; }

    /// <summary>The file, or host and database: for logs and errors, never with a password.</summary>
    public string Description { get; }

    public static HubDatabase Sqlite(string path) =>
        new(StorageProvider.Sqlite, path,
            new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString(), null);

    public static HubDatabase Postgres(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return new(StorageProvider.Postgres, $"postgresql://{builder.Host}:{builder.Port}/{builder.Database}", null, NpgsqlDataSource.Create(builder.ConnectionString));
    }

    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        if (_postgres is not null)
            return await _postgres.OpenConnectionAsync(ct).ConfigureAwait(false);

        var connection = new SqliteConnection(_sqliteConnectionString);
        try
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            await using var pragmas = connection.Command(null, SqlitePragmas);
            await pragmas.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// A transaction that writes. SQLite takes the write lock at once (BEGIN IMMEDIATE), so a read-then-write never
    /// fails half way; PostgreSQL reads committed data and relies on unique keys and conditional updates, as every
    /// store here does.
    /// </summary>
    public async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct) =>
        connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: false)
            : await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct).ConfigureAwait(false);

    /// <summary>A read of several statements that see one snapshot (a count and its page agree while ingestion writes).</summary>
    public async Task<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken ct) =>
        connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: true)
            : await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct).ConfigureAwait(false);

    public static bool IsUniqueViolation(DbException e) =>
        e is PostgresException { SqlState: PostgresUniqueViolation } || e is SqliteException { SqliteErrorCode: SqliteConstraintError };

    /// <summary>Closes the pooled connections, so a SQLite WAL is checkpointed and the file released.</summary>
    public void Dispose()
    {
        if (_postgres is not null)
        {
            _postgres.Dispose();
            return;
        }
        using var connection = new SqliteConnection(_sqliteConnectionString);
        SqliteConnection.ClearPool(connection);
    }
}
