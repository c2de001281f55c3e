using EdgeSecurity.Cli.Serial;
using EdgeSecurity.Cli.Status;

namespace EdgeSecurity.Cli.Tests;

/// <summary>The small parsers behind the options and the agent's status line.</summary>
public sealed class ParsingTests
{
    [Theory]
    [InlineData("1-4", new byte[] { 1, 2, 3, 4 })]
    [InlineData("5, 1,3-3", new byte[] { 1, 3, 5 })]
    [InlineData("247", new byte[] { 247 })]
    public void Slave_ids_are_ranges_and_lists(string text, byte[] expected) => Assert.Equal(expected, SlaveIds.Parse(text));

    [Theory]
    [InlineData("0")]
    [InlineData("248")]
    [InlineData("4-1")]
    [InlineData("1-")]
    [InlineData("a")]
    [InlineData("1--3")]
    public void Invalid_slave_ids_are_refused(string text) => Assert.Null(SlaveIds.Parse(text));

    [Theory]
    [InlineData("20ms", 20)]
    [InlineData("0.5s", 500)]
    [InlineData("200", 200)]
    public void Durations_take_ms_s_or_bare_milliseconds(string text, double milliseconds)
    {
        Assert.True(Durations.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Fact]
    public void A_status_line_with_parts_this_cli_does_not_know_still_parses()
    {
        var status = AgentStatus.Parse("ok gateway gw-1 broker connected; cameras: 2; doors: none");

        Assert.NotNull(status);
        Assert.Equal("gw-1", status.Gateway);
        Assert.True(status.BrokerConnected);
        Assert.Null(status.Outbox);
        Assert.Empty(status.Doors);
    }

    [Fact]
    public void The_one_line_status_of_an_agent_before_status_json_still_gives_its_doors_outbox_and_mode()
    {
        var status = AgentStatus.Parse("ok gateway gw-1 broker disconnected; outbox: 3 events, 1 states, 0 telemetry waiting; doors: door-1 open armed; mode heightened");

        Assert.NotNull(status);
        Assert.Equal(new OutboxBacklog(3, 1, 0), status.Outbox);
        Assert.Equal([new DoorStatus("door-1", true, true)], status.Doors);
        Assert.Equal("heightened", status.Mode);
        Assert.Empty(status.Devices);
    }

    [Fact]
    public void A_status_json_with_fields_of_the_wrong_kind_or_unknown_ones_keeps_what_it_can()
    {
        const string Answer = "ok {\"gateway\":\"gw-1\",\"brokerConnected\":\"yes\",\"future\":1,\"outbox\":{\"events\":2,\"oldestAgeSeconds\":\"old\"},"
            + "\"devices\":[{\"id\":\"d1\",\"kind\":\"door\",\"state\":\"open\",\"online\":true,\"armed\":false},{\"kind\":\"smoke\"},7],\"cameras\":{\"id\":\"c\"}}";
        var status = AgentStatus.Parse(Answer);

        Assert.NotNull(status);
        Assert.False(status.BrokerConnected);
        Assert.Equal(new OutboxBacklog(2, 0, 0, null), status.Outbox);
        Assert.Equal([new DoorStatus("d1", true, false)], status.Doors);
        Assert.Single(status.Devices);
        Assert.Empty(status.Cameras);
        Assert.Null(AgentStatus.Parse("ok {not json"));
        Assert.Null(AgentStatus.Parse("ok {\"brokerConnected\":true}"));
    }

    [Fact]
    public void An_answer_that_is_not_a_status_line_gives_no_status() => Assert.Null(AgentStatus.Parse("ok commands: open, close"));
}
