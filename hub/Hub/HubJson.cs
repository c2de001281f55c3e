using System.Text.Json;
using System.Text.Json.Serialization;
using EdgeSecurity.Hub.Access;
using EdgeSecurity.Hub.Forwarding;
using EdgeSecurity.Hub.Gateways;
using EdgeSecurity.Hub.Health;
using EdgeSecurity.Hub.Incidents;
using EdgeSecurity.Hub.Ingestion;
using EdgeSecurity.Hub.People;
using EdgeSecurity.Hub.Reports;
using EdgeSecurity.Hub.Site;

namespace EdgeSecurity.Hub;

/// <summary>Serialisation metadata for every type the API writes, generated at build time.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Incident))]
[JsonSerializable(typeof(IncidentPage))]
[JsonSerializable(typeof(IncidentDetail))]
[JsonSerializable(typeof(EventLogPage))]
[JsonSerializable(typeof(IncidentActionRequest))]
[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(SessionInfo))]
[JsonSerializable(typeof(IReadOnlyList<PlaceView>))]
[JsonSerializable(typeof(IReadOnlyList<Person>))]
[JsonSerializable(typeof(ImportReport))]
[JsonSerializable(typeof(IncidentReport))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(IReadOnlyList<Gateway>))]
[JsonSerializable(typeof(GatewayCommand))]
[JsonSerializable(typeof(IReadOnlyList<GatewayCommand>))]
[JsonSerializable(typeof(ModeRequest))]
[JsonSerializable(typeof(IReadOnlyList<Device>))]
[JsonSerializable(typeof(IngestStatsSnapshot))]
[JsonSerializable(typeof(HealthReport))]
[JsonSerializable(typeof(IReadOnlyList<OutboxEntry>))]
[JsonSerializable(typeof(ForwardingOverview))]
[JsonSerializable(typeof(ViidStatus))]
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
