using System.Text.Json;

namespace EdgeSecurity.Hub.Telemetry;

/// <summary>InfluxQL over /query: reads (GET) for the dashboard's charts, statements (POST) for the schema.</summary>
public sealed class InfluxQueryClient(InfluxConnection connection)
{
    /// <summary>The series of one SELECT or SHOW against the configured database.</summary>
    /// <param name="epoch">times as numbers in this unit; null for RFC 3339 strings</param>
    public async Task<IReadOnlyList<InfluxSeries>> QueryAsync(string influxQl, TelemetryPrecision? epoch = null, CancellationToken ct = default)
    {
        var parameters = $"db={Uri.EscapeDataString(connection.Settings.Database)}&q={Uri.EscapeDataString(influxQl)}"
            + (epoch is { } unit ? $"&epoch={unit.ToQueryValue()}" : "");
        using var request = new HttpRequestMessage(HttpMethod.Get, connection.QueryUri(parameters));
        return await SendAsync(request, influxQl, ct).ConfigureAwait(false);
    }

    /// <summary>A statement that changes something (CREATE, ALTER, DROP); InfluxDB 1.x wants those POSTed.</summary>
    public async Task ExecuteAsync(string influxQl, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, connection.QueryUri(""))
        {
            Content = new FormUrlEncodedContent([new("q", influxQl)]),
        };
        await SendAsync(request, influxQl, ct).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<InfluxSeries>> SendAsync(HttpRequestMessage request, string influxQl, CancellationToken ct)
    {
        connection.Authorize(request);
        using var response = await connection.Http.SendAsync(request, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new InfluxQueryException($"InfluxDB refused \"{influxQl}\": {await InfluxConnection.ReadErrorAsync(response, ct).ConfigureAwait(false)}");

        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        InfluxQueryBody? body;
        try
        {
            body = JsonSerializer.Deserialize(text, InfluxJsonContext.Default.InfluxQueryBody);
        }
        catch (JsonException e)
        {
            throw new InfluxQueryException($"InfluxDB answered \"{influxQl}\" with something that is not a query result: {e.Message}", e);
        }
        if (body?.Error is { } error)
            throw new InfluxQueryException($"InfluxDB refused \"{influxQl}\": {error}");
        if (body?.Results is not [var result, ..])
            throw new InfluxQueryException($"InfluxDB answered \"{influxQl}\" without a result");
        if (result.Error is { } statementError)
            throw new InfluxQueryException($"InfluxDB refused \"{influxQl}\": {statementError}");
        return (result.Series ?? []).Select(ToSeries).ToList();
    }

    private static InfluxSeries ToSeries(InfluxSeriesBody series) => new(
        series.Name ?? "",
        series.Tags ?? new Dictionary<string, string>(),
        series.Columns ?? [],
        series.Values ?? []);
}
