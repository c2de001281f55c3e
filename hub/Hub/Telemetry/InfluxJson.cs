using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeSecurity.Hub.Telemetry;

/// <summary>The body of an InfluxDB error answer: <c>{"error": "..."}</c>.</summary>
internal sealed record InfluxErrorBody(string? Error);

/// <summary>The /query answer: one result per statement, each with its series or its error.</summary>
internal sealed record InfluxQueryBody(IReadOnlyList<InfluxStatementBody>? Results, string? Error);

internal sealed record InfluxStatementBody(int StatementId, IReadOnlyList<InfluxSeriesBody>? Series, string? Error);

internal sealed record InfluxSeriesBody(string? Name, IReadOnlyDictionary<string, string>? Tags, IReadOnlyList<string>? Columns, IReadOnlyList<IReadOnlyList<JsonElement>>? Values);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(InfluxErrorBody))]
[JsonSerializable(typeof(InfluxQueryBody))]
internal sealed partial class InfluxJsonContext : JsonSerializerContext;
