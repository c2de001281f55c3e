using System.Text.Json;
using System.Text.Json.Serialization;
using EdgeSecurity.Hub.Gateways;
using EdgeSecurity.Hub.Health;
using EdgeSecurity.Hub.Incidents;
using EdgeSecurity.Hub.Ingestion;

namespace EdgeSecurity.Hub;

/// <summary>Serialisation metadata for every type the API writes, generated at build time.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Incident))]
[JsonSerializable(typeof(IncidentPage))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(IReadOnlyList<Gateway>))]
[JsonSerializable(typeof(IReadOnlyList<Device>))]
[JsonSerializable(typeof(IngestStatsSnapshot))]
[JsonSerializable(typeof(HealthReport))]
internal sealed partial class HubJsonContext : JsonSerializerContext;

public static class HubJson
{
    /// <summary>camelCase members, enums as their lowercase names, the generated metadata first.</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.TypeInfoResolverChain.Insert(0, HubJsonContext.Default);
        options.Converters.Add(new JsonStringEnumConverter(ApiNames.Policy, allowIntegerValues: false));
    }
}
