using System.Text;

namespace EdgeSecurity.Contract.Tests;

/// <summary>The messages the durable outbox added to version 1: the heartbeat's backlog, telemetry, and the hub's acknowledgements.</summary>
public class OutboxMessageTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 8, 0, 0, TimeSpan.FromHours(8));
    private static readonly ContractTopic HeartbeatTopic = new("cm-1", "gw-1", TopicKind.Heartbeat, null);
    private static readonly ContractTopic TelemetryTopic = new("cm-1", "gw-1", TopicKind.Telemetry, "smoke-1");

    [Fact]
    public void A_heartbeat_with_a_backlog_round_trips_and_one_without_reads_as_before()
    {
        var heartbeat = new Heartbeat("gw-1", At, 3600, 4, new OutboxBacklog(3, 2, 1000, 75, 12));

        Assert.Equal(heartbeat, ContractReader.ReadHeartbeat(HeartbeatTopic, ContractWriter.ToJson(heartbeat)).Value);
        var old = """{"v":1,"gatewayId":"gw-1","at":"2026-11-22T08:00:00+08:00","uptimeSeconds":1,"deviceCount":0}""";
        Assert.Null(ContractReader.ReadHeartbeat(HeartbeatTopic, Encoding.UTF8.GetBytes(old)).Value!.Backlog);
    }

    [Theory]
    [InlineData("""{"events":1,"states":0,"telemetry":0,"oldestAgeSeconds":0}""", RejectionReason.MissingField)]
    [InlineData("""{"events":-1,"states":0,"telemetry":0,"oldestAgeSeconds":0,"thinnedTelemetry":0}""", RejectionReason.InvalidField)]
    [InlineData("""{"events":"many","states":0,"telemetry":0,"oldestAgeSeconds":0,"thinnedTelemetry":0}""", RejectionReason.WrongType)]
    public void A_bad_backlog_is_refused(string backlog, RejectionReason reason)
    {
        var json = $$"""{"v":1,"gatewayId":"gw-1","at":"2026-11-22T08:00:00+08:00","uptimeSeconds":1,"deviceCount":0,"backlog":{{backlog}}}""";

        Assert.Equal(reason, ContractReader.ReadHeartbeat(HeartbeatTopic, Encoding.UTF8.GetBytes(json)).Rejection?.Reason);
    }

    [Fact]
    public void Telemetry_round_trips()
    {
        var telemetry = new DeviceTelemetry("gw-1", "smoke-1", At, new Dictionary<string, double> { ["smokeDensity"] = 0.12, ["temperature"] = 21.5 });

        var read = ContractReader.ReadDeviceTelemetry(TelemetryTopic, ContractWriter.ToJson(telemetry)).Value!;

        Assert.Equal((telemetry.GatewayId, telemetry.DeviceId, telemetry.At), (read.GatewayId, read.DeviceId, read.At));
        Assert.Equal(telemetry.Values, read.Values);
    }

    [Fact]
    public void Telemetry_with_an_id_round_trips_and_telemetry_without_one_reads_as_before()
    {
        var telemetry = new DeviceTelemetry("gw-1", "smoke-1", At, new Dictionary<string, double> { ["smokeDensity"] = 0.12 }, Guid.CreateVersion7());

        var payload = ContractWriter.ToJson(telemetry);

        Assert.Equal(telemetry.TelemetryId, ContractReader.ReadDeviceTelemetry(TelemetryTopic, payload).Value!.TelemetryId);
        Assert.Equal(telemetry.TelemetryId, ContractReader.TelemetryIdOf(payload));
        var old = """{"v":1,"gatewayId":"gw-1","deviceId":"smoke-1","at":"2026-11-22T08:00:00+08:00","values":{"t":1}}""";
        Assert.Null(ContractReader.ReadDeviceTelemetry(TelemetryTopic, Encoding.UTF8.GetBytes(old)).Value!.TelemetryId);
        Assert.DoesNotContain("telemetryId", Encoding.UTF8.GetString(ContractWriter.ToJson(telemetry with { TelemetryId = null })), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"v":1,"gatewayId":"gw-1","deviceId":"smoke-1","at":"2026-11-22T08:00:00+08:00","values":{"t":1},"telemetryId":"nope"}""", RejectionReason.InvalidField)]
    [InlineData("""{"v":1,"gatewayId":"gw-1","deviceId":"smoke-1","at":"2026-11-22T08:00:00+08:00","values":{"t":1},"telemetryId":"00000000-0000-0000-0000-000000000000"}""", RejectionReason.InvalidField)]
    [InlineData("""{"v":1,"gatewayId":"gw-1","deviceId":"smoke-1","at":"2026-11-22T08:00:00+08:00","values":{"t":1},"telemetryId":7}""", RejectionReason.WrongType)]
    [InlineData("""{"v":1,"gatewayId":"gw-1","deviceId":"smoke-1","at":"2026-11-22T08:00:00+08:00"}""", RejectionReason.MissingField)]
    [InlineData("""{"v":1,"gatewayId":"gw-1","deviceId":"smoke-1","at":"2026-11-22T08:00:00+08:00","values":{}}""", RejectionReason.InvalidField)]
    [InlineData("""{"v":1,"gatewayId":"gw-1","deviceId":"smoke-1","at":"2026-11-22T08:00:00+08:00","values":{"t":"warm"}}""", RejectionReason.WrongType)]
    [InlineData("""{"v":1,"gatewayId":"gw-1","deviceId":"smoke-2","at":"2026-11-22T08:00:00+08:00","values":{"t":1}}""", RejectionReason.TopicMismatch)]
    public void Bad_telemetry_is_refused(string json, RejectionReason reason)
    {
        Assert.Equal(reason, ContractReader.ReadDeviceTelemetry(TelemetryTopic, Encoding.UTF8.GetBytes(json)).Rejection?.Reason);
    }

    [Fact]
    public void Acknowledgements_round_trip()
    {
        var stored = Guid.CreateVersion7();
        var refused = Guid.CreateVersion7();
        var acks = new EventAcks([stored], [new RefusedEvent(refused, "unknown_event_type")]);

        var read = ContractReader.ReadEventAcks(ContractWriter.ToJson(acks)).Value!;

        Assert.Equal([stored], read.Stored);
        Assert.Equal([new RefusedEvent(refused, "unknown_event_type")], read.Refused);
    }

    [Theory]
    [InlineData("""{"v":1}""", RejectionReason.InvalidField)]
    [InlineData("""{"v":1,"stored":["not-a-uuid"]}""", RejectionReason.InvalidField)]
    [InlineData("""{"v":1,"stored":["00000000-0000-0000-0000-000000000000"]}""", RejectionReason.InvalidField)]
    [InlineData("""{"v":1,"refused":[{"eventId":"019a4c6e-5b1f-7c3a-9d2e-0a1b2c3d4e5f"}]}""", RejectionReason.InvalidField)]
    [InlineData("""{"v":2,"stored":["019a4c6e-5b1f-7c3a-9d2e-0a1b2c3d4e5f"]}""", RejectionReason.UnsupportedVersion)]
    [InlineData("""{"v":1,"stored":"019a4c6e-5b1f-7c3a-9d2e-0a1b2c3d4e5f"}""", RejectionReason.WrongType)]
    public void Bad_acknowledgements_are_refused(string json, RejectionReason reason)
    {
        Assert.Equal(reason, ContractReader.ReadEventAcks(Encoding.UTF8.GetBytes(json)).Rejection?.Reason);
    }

    [Fact]
    public void Too_many_acknowledgements_in_one_message_are_refused()
    {
        var acks = new EventAcks([.. Enumerable.Range(0, ContractReader.MaxAcksPerMessage + 1).Select(_ => Guid.NewGuid())], []);

        Assert.Equal(RejectionReason.InvalidField, ContractReader.ReadEventAcks(ContractWriter.ToJson(acks)).Rejection?.Reason);
    }

    [Theory]
    [InlineData("""{"v":1,"eventId":"019a4c6e-5b1f-7c3a-9d2e-0a1b2c3d4e5f","type":"no.such_type"}""", "019a4c6e-5b1f-7c3a-9d2e-0a1b2c3d4e5f")]
    [InlineData("""{"v":1,"eventId":"nope"}""", null)]
    [InlineData("""{"v":1,"eventId":42}""", null)]
    [InlineData("""["eventId"]""", null)]
    [InlineData("""{"v":1,"eventId":""", null)]
    public void The_event_id_of_a_refused_event_is_read_when_it_can_be(string json, string? expected)
    {
        Assert.Equal(expected is null ? null : Guid.Parse(expected), ContractReader.EventIdOf(Encoding.UTF8.GetBytes(json)));
    }
}
