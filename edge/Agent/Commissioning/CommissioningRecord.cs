using System.Text.Json.Serialization;

namespace EdgeSecurity.Agent.Commissioning;

/// <summary>
/// What the gateway's commissioning proved, kept in <c>&lt;dataDirectory&gt;/commissioning.json</c> for the report: when
/// each device last fired in a walk test, the last walk test, and the last test alarm's round trip to the hub.
/// </summary>
public sealed record CommissioningRecord(
    int V,
    string GatewayId,
    IReadOnlyDictionary<string, DeviceFiring> Devices,
    WalkTestSummary? WalkTest,
    TestAlarmResult? TestAlarm);

/// <summary>A device seen firing: <paramref name="What"/> is the event type or the state it reported (<c>open</c>, <c>alarm</c>).</summary>
public sealed record DeviceFiring(DateTimeOffset FiredAt, string What);

/// <param name="Outcome"><c>running</c>, <c>passed</c> (every device fired), <c>stopped</c> or <c>expired</c>.</param>
public sealed record WalkTestSummary(DateTimeOffset StartedAt, DateTimeOffset Until, DateTimeOffset? EndedAt, string Outcome, int Devices, int Fired);

/// <summary>One device of a walk test and, once it fired in this walk test, when and how.</summary>
/// <param name="Kind"><c>door</c>, <c>smoke</c>, <c>sensor</c> (RS-485) or <c>camera</c>.</param>
public sealed record WalkTestDevice(string Id, string Kind, string? Name, DateTimeOffset? FiredAt, string? What);

/// <summary>The walk test as the control socket reports it: its summary and this walk's checklist.</summary>
public sealed record WalkTestState(bool Active, WalkTestSummary? Summary, IReadOnlyList<WalkTestDevice> Devices);

/// <param name="RoundTripMilliseconds">From writing the event to the outbox to the hub's confirmation; null when none came.</param>
public sealed record TestAlarmResult(DateTimeOffset At, Guid EventId, bool Confirmed, double? RoundTripMilliseconds, double TimeoutSeconds);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CommissioningRecord))]
[JsonSerializable(typeof(WalkTestState))]
[JsonSerializable(typeof(TestAlarmResult))]
public sealed partial class CommissioningJsonContext : JsonSerializerContext;
