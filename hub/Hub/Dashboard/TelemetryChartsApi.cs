using System.Globalization;
using System.Text.Json;
using EdgeSecurity.Contract;
using EdgeSecurity.Hub.Access;
using EdgeSecurity.Hub.Telemetry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EdgeSecurity.Hub.Dashboard;

/// <summary>One field's means over time: [epoch milliseconds, value] pairs, oldest first.</summary>
public sealed record ChartSeries(string Field, IReadOnlyList<double[]> Points);

/// <summary>The time series of one gateway (heartbeat figures) or one of its devices (its measurements), for charts.</summary>
public sealed record TelemetryChart(string GatewayId, string? DeviceId, int Minutes, int IntervalSeconds, IReadOnlyList<ChartSeries> Series);

/// <summary>
/// GET /api/telemetry?gateway=&amp;device=&amp;minutes=60 over <see cref="InfluxQueryClient"/>: the mean of every field per
/// interval (about 120 points whatever the span, at least one minute each). Only ids of the contract's alphabet reach
/// the InfluxQL text, so nothing a caller sends can change the query.
/// </summary>
public static class TelemetryChartsApi
{
    public const int MaxMinutes = 7 * 24 * 60;
    private const int PointsPerChart = 120;

    public static IEndpointRouteBuilder MapTelemetryChartsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/telemetry", ChartAsync).RequireAuthorization();
        return app;
    }

    private static async Task<Results<Ok<TelemetryChart>, ValidationProblem, NotFound, ProblemHttpResult>> ChartAsync(
        string? gateway, string? device, int? minutes, SignedIn me, InfluxQueryClient influx, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Identifiers.IsValid(gateway))
            errors["gateway"] = [$"'gateway' is a gateway id ({Identifiers.Rule})."];
        if (device is not null && !Identifiers.IsValid(device))
            errors["device"] = [$"'device' is a device id ({Identifiers.Rule})."];
        var span = minutes ?? 60;
        if (span is < 1 or > MaxMinutes)
            errors["minutes"] = [$"'minutes' is from 1 to {MaxMinutes}."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, detail: "The chart query has invalid parameters.");
        if (!me.Site.GatewayCommunities.TryGetValue(gateway!, out var community)
            || !(me.Person.Role == People.Role.Installer || me.CoversCommunity(community)))
            return TypedResults.NotFound();

        var interval = Math.Max(60, span * 60 / PointsPerChart);
        var measurement = device is null ? TelemetryPoints.GatewayMeasurement : TelemetryPoints.DeviceMeasurement;
        var where = $"\"gateway\" = '{gateway}'" + (device is null ? "" : $" AND \"device\" = '{device}'");
        var query = string.Create(CultureInfo.InvariantCulture,
            $"SELECT mean(*) FROM \"{measurement}\" WHERE {where} AND time > now() - {span}m GROUP BY time({interval}s) fill(none)");
        IReadOnlyList<InfluxSeries> answer;
        try
        {
            answer = await influx.QueryAsync(query, TelemetryPrecision.Milliseconds, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InfluxQueryException or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "时序数据库不可用 / Telemetry store unavailable", detail: e.Message);
        }

        var series = new List<ChartSeries>();
        foreach (var result in answer)
        {
            var times = result.Column("time").Select(t => t.GetDouble()).ToList();
            foreach (var column in result.Columns.Where(c => c.StartsWith("mean_", StringComparison.Ordinal)))
            {
                var points = result.Column(column).Zip(times)
                    .Where(p => p.First.ValueKind == JsonValueKind.Number)
                    .Select(p => new[] { p.Second, p.First.GetDouble() })
                    .ToList();
                series.Add(new ChartSeries(column["mean_".Length..], points));
            }
        }
        return TypedResults.Ok(new TelemetryChart(gateway!, device, span, interval, series));
    }
}
