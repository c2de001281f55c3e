using System.Globalization;
using Microsoft.Data.Sqlite;

namespace EdgeSecurity.Hub.Storage;

/// <summary>
/// How values are kept in SQLite. Times are UTC text of fixed width, so that text order is time
/// order (indexes and range filters work) and the file stays readable with the sqlite3 shell.
/// </summary>
public static class SqliteValues
{
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    public static object Nullable(string? value) => value is null ? DBNull.Value : value;

    public static DateTimeOffset GetTimestamp(this SqliteDataReader reader, int ordinal) =>
        new(DateTime.ParseExact(reader.GetString(ordinal), TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero);

    public static DateTimeOffset? GetNullableTimestamp(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetTimestamp(ordinal);

    public static string? GetNullableString(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? GetNullableInt64(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);
}
