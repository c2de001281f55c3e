using System.Data.Common;
using System.Globalization;

namespace EdgeSecurity.Hub.Storage;

/// <summary>
/// How values are kept, the same in SQLite and PostgreSQL. Times are UTC text of fixed width, so that text order is
/// time order (indexes and range filters work) and rows read the same in both databases and in their shells. Flags
/// are 0/1 integers. Parameters are named "@name", which both providers accept.
/// </summary>
public static class DbValues
{
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    public static object Nullable(string? value) => value is null ? DBNull.Value : value;

    public static object Nullable(DateTimeOffset? value) => value is { } v ? Timestamp(v) : DBNull.Value;

    public static DbCommand Command(this DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    /// <summary>Adds a parameter; a bool is stored as 0/1 and null as NULL.</summary>
    public static DbCommand Bind(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value switch
        {
            null => DBNull.Value,
            bool flag => flag ? 1 : 0,
            _ => value,
        };
        command.Parameters.Add(parameter);
        return command;
    }

    public static DateTimeOffset GetTimestamp(this DbDataReader reader, int ordinal) =>
        new(DateTime.ParseExact(reader.GetString(ordinal), TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero);

    public static DateTimeOffset? GetNullableTimestamp(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetTimestamp(ordinal);

    public static string? GetNullableString(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>Any integer column as a long, whatever width the provider reports it with.</summary>
    public static long GetWholeNumber(this DbDataReader reader, int ordinal) => Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    public static long? GetNullableInt64(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetWholeNumber(ordinal);

    public static bool GetFlag(this DbDataReader reader, int ordinal) => reader.GetWholeNumber(ordinal) != 0;
}
