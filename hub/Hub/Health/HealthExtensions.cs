using Microsoft.AspNetCore.Http.HttpResults;
using EdgeSecurity.Hub.Ingestion;
using EdgeSecurity.Hub.Storage;
using EdgeSecurity.Hub.Telemetry;

namespace EdgeSecurity.Hub.Health;

public enum HealthStatus { Healthy, Degraded, Unhealthy }

public enum MqttHealth { Connected, Disconnected }

public enum StorageHealth { Ok, Failed }

/// <summary>Telemetry does not change the status: incidents are the hub's duty, time series are kept for charts; its counters show whether InfluxDB is being written.</summary>
/// <summary><paramref name="Database"/> names the database (file, or PostgreSQL host and database), never its credentials.</summary>
public sealed record HealthReport(HealthStatus Status, MqttHealth Mqtt, StorageHealth Storage, string Database, IngestStatsSnapshot Ingest, TelemetryStatsSnapshot Telemetry);

public static class HealthExtensions
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", CheckAsync);
        return app;
    }

    /// <summary>
    /// A lost broker connection is "degraded" with 200: the hub reconnects by itself and keeps serving
    /// stored incidents, and a load balancer that restarted it would fix nothing. Unusable storage is
    /// "unhealthy" with 503: without it the hub can neither record nor serve incidents.
    /// </summary>
    private static async Task<JsonHttpResult<HealthReport>> CheckAsync(HubDatabase database, MqttIngestion ingestion, IngestStats stats, TelemetryStats telemetry, ILoggerFactory loggers, CancellationToken ct)
    {
        var storage = await CheckStorageAsync(database, loggers.CreateLogger(typeof(HealthExtensions)), ct).ConfigureAwait(false);
        var mqtt = ingestion.IsConnected ? MqttHealth.Connected : MqttHealth.Disconnected;
        var status = storage == StorageHealth.Failed ? HealthStatus.Unhealthy
            : mqtt == MqttHealth.Disconnected ? HealthStatus.Degraded
            : HealthStatus.Healthy;
        var report = new HealthReport(status, mqtt, storage, database.Description, stats.Snapshot(), telemetry.Snapshot());
        return TypedResults.Json(report, statusCode: status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
    }

    private static async Task<StorageHealth> CheckStorageAsync(HubDatabase database, ILogger logger, CancellationToken ct)
    {
        try
        {
            await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT version FROM schema_version;";
            await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
            return StorageHealth.Ok;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Health check: the database {Database} is not usable", database.Description);
            return StorageHealth.Failed;
        }
    }
}
