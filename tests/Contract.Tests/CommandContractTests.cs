using System.Text;
using EdgeSecurity.Contract;

namespace EdgeSecurity.Contract.Tests;

public class CommandContractTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 8, 0, 0, TimeSpan.FromHours(8));
    private static readonly Guid Id = Guid.Parse("019a4c6e-5b1f-7c3a-9d2e-0a1b2c3d4e5f");
    private static readonly ContractTopic ResultTopic = new("cm-1", "gw-1", TopicKind.CommandResults, "gw-1");

    [Fact]
    public void A_mode_command_round_trips_and_reads_as_documented()
    {
        var command = new HubCommand(Id, At, ContractReader.SetModeCommand, GatewayMode.Heightened, "值班长 王");

        Assert.Equal(command, ContractReader.ReadCommand(ContractWriter.ToJson(command)).Value);
        Assert.Equal(
            """{"v":1,"commandId":"019a4c6e-5b1f-7c3a-9d2e-0a1b2c3d4e5f","issuedAt":"2026-11-22T08:00:00+08:00","command":"set_mode","mode":"heightened"}""",
            Encoding.UTF8.GetString(ContractWriter.ToJson(command with { IssuedBy = null })));
    }

    [Fact]
    public void Command_results_round_trip()
    {
        var accepted = new CommandResult(Id, "gw-1", "gw-1", CommandOutcome.Accepted, At, Mode: GatewayMode.Emergency);
        var refused = new CommandResult(Id, "gw-1", "gw-1", CommandOutcome.Refused, At, CommandRefusals.Stale, "issued 3600 s ago", GatewayMode.Normal);

        Assert.Equal(accepted, ContractReader.ReadCommandResult(ResultTopic, ContractWriter.ToJson(accepted)).Value);
        Assert.Equal(refused, ContractReader.ReadCommandResult(ResultTopic, ContractWriter.ToJson(refused)).Value);
        Assert.Equal(TopicKind.CommandResults, Topics.TryParse(Topics.CommandResults("cm-1", "gw-1", "gw-1"), out _)?.Kind);
        Assert.Equal("es/v1/cm-1/gw-1/results/gw-1", Topics.CommandResults("cm-1", "gw-1", "gw-1"));
    }

    [Fact]
    public void The_status_carries_the_mode()
    {
        var status = new GatewayStatus("gw-1", GatewayState.Online, At, "0.1.0", GatewayMode.Emergency);

        Assert.Equal(status, ContractReader.ReadStatus(new ContractTopic("cm-1", "gw-1", TopicKind.Status, null), ContractWriter.ToJson(status)).Value);
    }

    [Theory]
    [InlineData("""{"v":1,"commandId":"019a4c6e-5b1f-7c3a-9d2e-0a1b2c3d4e5f","issuedAt":"2026-11-22T08:00:00+08:00","command":"reboot","mode":"normal"}""", RejectionReason.InvalidField)]
    [InlineData("""{"v":1,"commandId":"019a4c6e-5b1f-7c3a-9d2e-0a1b2c3d4e5f","issuedAt":"2026-11-22T08:00:00+08:00","command":"set_mode","mode":"war"}""", RejectionReason.InvalidField)]
    [InlineData("""{"v":1,"commandId":"019a4c6e-5b1f-7c3a-9d2e-0a1b2c3d4e5f","issuedAt":"2026-11-22T08:00:00+08:00","command":"set_mode"}""", RejectionReason.MissingField)]
    [InlineData("""{"v":1,"commandId":"019a4c6e-5b1f-7c3a-9d2e-0a1b2c3d4e5f","command":"set_mode","mode":"normal"}""", RejectionReason.MissingField)]
    [InlineData("""{"v":1,"commandId":"not-a-uuid","issuedAt":"2026-11-22T08:00:00+08:00","command":"set_mode","mode":"normal"}""", RejectionReason.InvalidField)]
    [InlineData("""{"v":2,"commandId":"019a4c6e-5b1f-7c3a-9d2e-0a1b2c3d4e5f","issuedAt":"2026-11-22T08:00:00+08:00","command":"set_mode","mode":"normal"}""", RejectionReason.UnsupportedVersion)]
    [InlineData("""{"v":1,"commandId":"019a4c6e-5b1f-7c3a-9d2e-0a1b2c3d4e5f","issuedAt":"yesterday","command":"set_mode","mode":"normal"}""", RejectionReason.WrongType)]
    [InlineData("""{"v":1,"commandId":""", RejectionReason.MalformedJson)]
    public void A_bad_command_is_refused_with_a_reason_and_its_id_is_still_found(string json, RejectionReason reason)
    {
        var payload = Encoding.UTF8.GetBytes(json);

        Assert.Equal(reason, ContractReader.ReadCommand(payload).Rejection?.Reason);
        var idReadable = json.Contains(Id.ToString(), StringComparison.Ordinal) && reason != RejectionReason.MalformedJson;
        Assert.Equal(idReadable ? Id : null, ContractReader.CommandIdOf(payload));
    }

    [Fact]
    public void A_refused_result_needs_a_reason()
    {
        var json = """{"v":1,"commandId":"019a4c6e-5b1f-7c3a-9d2e-0a1b2c3d4e5f","gatewayId":"gw-1","deviceId":"gw-1","outcome":"refused","at":"2026-11-22T08:00:00+08:00"}""";

        Assert.Equal(RejectionReason.MissingField, ContractReader.ReadCommandResult(ResultTopic, Encoding.UTF8.GetBytes(json)).Rejection?.Reason);
    }
}
