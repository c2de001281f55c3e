using System.Globalization;
using System.Text;

namespace EdgeSecurity.Hub.Telemetry;

/// <summary>
/// Creates, at every start and idempotently, what raw telemetry and its downsampled copy need in InfluxDB 1.x:
/// the database; the retention policy for raw points (default, so writes land there) and the long one for means;
/// and the continuous query that writes each interval's mean of every numeric field of every measurement from
/// the raw policy into the long one (field "x" becomes "mean_x", tags are kept).
/// Retention durations follow the configuration at each start; an existing continuous query is kept as it is
/// (InfluxDB cannot alter one: rename it in the configuration to replace it).
/// </summary>
public sealed class TelemetrySchema(InfluxQueryClient influx, TelemetrySettings settings, ILogger<TelemetrySchema> logger)
{
    public async Task EnsureAsync(CancellationToken ct)
    {
        var database = Identifier(settings.Database);
        await influx.ExecuteAsync($"CREATE DATABASE {database}", ct).ConfigureAwait(false);

        var policies = await ExistingAsync($"SHOW RETENTION POLICIES ON {database}", "name", ct).ConfigureAwait(false);
        await EnsurePolicyAsync(policies, settings.RawRetentionPolicy, settings.RawRetention, isDefault: true, ct).ConfigureAwait(false);
        await EnsurePolicyAsync(policies, settings.DownsampledRetentionPolicy, settings.DownsampledRetention, isDefault: false, ct).ConfigureAwait(false);

        var queries = (await influx.QueryAsync("SHOW CONTINUOUS QUERIES", ct: ct).ConfigureAwait(false))
            .Where(series => series.Name == settings.Database)
            .SelectMany(series => series.Column("name"))
            .Select(name => name.GetString())
            .ToHashSet(StringComparer.Ordinal);
        if (!queries.Contains(settings.ContinuousQuery))
        {
            await influx.ExecuteAsync(ContinuousQueryStatement(), ct).ConfigureAwait(false);
            logger.LogInformation("Telemetry: continuous query {Query} created on {Database}", settings.ContinuousQuery, settings.Database);
        }
    }

    private string ContinuousQueryStatement()
    {
        var database = Identifier(settings.Database);
        return $"CREATE CONTINUOUS QUERY {Identifier(settings.ContinuousQuery)} ON {database} BEGIN "
            + $"SELECT mean(*) INTO {database}.{Identifier(settings.DownsampledRetentionPolicy)}.:MEASUREMENT "
            + $"FROM {database}.{Identifier(settings.RawRetentionPolicy)}./.*/ "
            + $"GROUP BY time({Duration(settings.DownsampleInterval)}), * END";
    }

    private async Task<HashSet<string?>> ExistingAsync(string show, string column, CancellationToken ct) =>
        (await influx.QueryAsync(show, ct: ct).ConfigureAwait(false))
            .SelectMany(series => series.Column(column))
            .Select(name => name.GetString())
            .ToHashSet(StringComparer.Ordinal);

    private async Task EnsurePolicyAsync(HashSet<string?> existing, string name, TimeSpan retention, bool isDefault, CancellationToken ct)
    {
        var verb = existing.Contains(name) ? "ALTER" : "CREATE";
        var replication = verb == "CREATE" ? " REPLICATION 1" : "";
        await influx.ExecuteAsync(
            $"{verb} RETENTION POLICY {Identifier(name)} ON {Identifier(settings.Database)} DURATION {Duration(retention)}{replication}{(isDefault ? " DEFAULT" : "")}",
            ct).ConfigureAwait(false);
    }

    /// <summary>A double-quoted InfluxQL identifier, so any configured name is safe in a statement.</summary>
    private static string Identifier(string name) =>
        new StringBuilder("\"").Append(name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"').ToString();

    /// <summary>InfluxQL duration literal in the largest whole unit.</summary>
    private static string Duration(TimeSpan span) =>
        span.Ticks % TimeSpan.TicksPerDay == 0 ? string.Create(CultureInfo.InvariantCulture, $"{span.Ticks / TimeSpan.TicksPerDay}d")
        : span.Ticks % TimeSpan.TicksPerHour == 0 ? string.Create(CultureInfo.InvariantCulture, $"{span.Ticks / TimeSpan.TicksPerHour}h")
        : span.Ticks % TimeSpan.TicksPerMinute == 0 ? string.Create(CultureInfo.InvariantCulture, $"{span.Ticks / TimeSpan.TicksPerMinute}m")
        : string.Create(CultureInfo.InvariantCulture, $"{span.Ticks / TimeSpan.TicksPerSecond}s");
}
