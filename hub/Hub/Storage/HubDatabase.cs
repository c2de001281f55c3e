using Microsoft.Data.Sqlite;

namespace EdgeSecurity.Hub.Storage;

/// <summary>
/// The hub's SQLite file. Every caller opens its own short-lived connection (pooled by
/// Microsoft.Data.Sqlite), so API reads and ingestion writes never share a connection.
/// </summary>
public sealed class HubDatabase : IDisposable
{
    // WAL (set once by the schema migration; it stays with the file) lets API readers run while ingestion
    // writes, and a writer that meets another writer is retried by Microsoft.Data.Sqlite until the command
    // timeout instead of failing. synchronous is per connection, hence set at every open. FULL fsyncs the
    // WAL at every commit, so an incident reported as stored (and then shown on the live stream) survives a
    // hub crash and also a power cut or kernel panic; NORMAL would survive only the first. The cost, one
    // fsync per commit, is small at incident rates.
    private const string ConnectionPragmas = "PRAGMA synchronous = FULL;";

    private readonly string _connectionString;

    public HubDatabase(string path)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString();
    }

    public string Path { get; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            await using var pragmas = connection.CreateCommand();
            pragmas.CommandText = ConnectionPragmas;
            await pragmas.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Closes the pooled connections of this file only, so the WAL is checkpointed and the file released.</summary>
    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }
}
