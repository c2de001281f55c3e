namespace EdgeSecurity.Hub.Storage;

/// <summary>
/// SQLite, embedded, for one hub; PostgreSQL for several hubs sharing one database (the city-scale deployment).
/// </summary>
public enum StorageProvider { Sqlite, Postgres }
