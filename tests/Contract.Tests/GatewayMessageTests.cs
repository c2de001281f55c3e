using System.Text;
using EdgeSecurity.Contract;

namespace EdgeSecurity.Contract.Tests;

public class GatewayMessageTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 8, 0, 0, TimeSpan.FromHours(8));
    private static readonly ContractTopic StatusTopic = new("cm-1", "gw-1", TopicKind.Status, null);

    [Theory]
    [InlineData(GatewayState.Online)]
    [InlineData(GatewayState.Offline)]
    public void Status_round_trips(GatewayState state)
    {
        var status = new GatewayStatus("gw-1", state, At, "1.0.0");

        Assert.Equal(status, ContractReader.ReadStatus(StatusTopic, ContractWriter.ToJson(status)).Value);
    }

    [Fact]
    public void Heartbeat_and_device_state_round_trip()
    {
        var heartbeat = new Heartbeat("gw-1", At, 3600, 4);
        var state = new DeviceState("gw-1", "door-1", "open", At);

        Assert.Equal(heartbeat, ContractReader.ReadHeartbeat(StatusTopic with { Kind = TopicKind.Heartbeat }, ContractWriter.ToJson(heartbeat)).Value);
        Assert.Equal(state, ContractReader.ReadDeviceState(new ContractTopic("cm-1", "gw-1", TopicKind.State, "door-1"), ContractWriter.ToJson(state)).Value);
    }

    [Theory]
    [InlineData("""{"v":1,"gatewayId":"gw-1","state":"sleeping","at":"2026-11-22T08:00:00+08:00"}""", RejectionReason.InvalidField)]
    [InlineData("""{"v":1,"gatewayId":"gw-9","state":"online","at":"2026-11-22T08:00:00+08:00"}""", RejectionReason.TopicMismatch)]
    [InlineData("""{"v":1,"gatewayId":"gw-1","state":"online"}""", RejectionReason.MissingField)]
    [InlineData("""{"gatewayId":"gw-1","state":"online","at":"2026-11-22T08:00:00+08:00"}""", RejectionReason.MissingField)]
    public void Invalid_status_is_refused(string json, RejectionReason reason)
    {
        Assert.Equal(reason, ContractReader.ReadStatus(StatusTopic, Encoding.UTF8.GetBytes(json)).Rejection?.Reason);
    }

    [Fact]
    public void A_negative_uptime_is_refused()
    {
        var json = """{"v":1,"gatewayId":"gw-1","at":"2026-11-22T08:00:00+08:00","uptimeSeconds":-1,"deviceCount":0}""";

        Assert.Equal(RejectionReason.InvalidField, ContractReader.ReadHeartbeat(StatusTopic, Encoding.UTF8.GetBytes(json)).Rejection?.Reason);
    }

    [Fact]
    public void Every_event_type_has_names_in_both_languages_and_a_unique_code()
    {
        Assert.All(EventTypes.All, t =>
        {
            Assert.False(string.IsNullOrWhiteSpace(t.NameZh));
            Assert.False(string.IsNullOrWhiteSpace(t.NameEn));
            Assert.StartsWith(t.Family.ToString().ToLowerInvariant() + ".", t.Code, StringComparison.Ordinal);
        });
        Assert.Equal(EventTypes.All.Count, EventTypes.All.Select(t => t.Code).Distinct().Count());
    }
}
