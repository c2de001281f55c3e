using System.Text.Json;
using System.Text.Json.Serialization;
using EdgeSecurity.Hub.Notifications;

namespace EdgeSecurity.Hub.Dashboard;

/// <summary>Serialisation metadata for the dashboard's and the notifications' API types, generated at build time.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AvailableActions))]
[JsonSerializable(typeof(IReadOnlyList<Assignee>))]
[JsonSerializable(typeof(TelemetryChart))]
[JsonSerializable(typeof(SiteLayout))]
[JsonSerializable(typeof(SitePlans.SitePlanInfo))]
[JsonSerializable(typeof(SitePlans.SitePlanError))]
[JsonSerializable(typeof(SitePlans.MarkersRequest))]
[JsonSerializable(typeof(SitePlans.PlanMarkers))]
[JsonSerializable(typeof(Gateways.CommunityDeviceStates))]
[JsonSerializable(typeof(Gateways.DeviceChange))]
[JsonSerializable(typeof(SubscriptionRequest))]
[JsonSerializable(typeof(Subscription))]
[JsonSerializable(typeof(IReadOnlyList<Subscription>))]
[JsonSerializable(typeof(IReadOnlyList<NotificationRecord>))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext;
