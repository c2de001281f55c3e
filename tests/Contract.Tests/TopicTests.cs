using EdgeSecurity.Contract;

namespace EdgeSecurity.Contract.Tests;

public class TopicTests
{
    [Fact]
    public void Built_topics_parse_back_to_their_parts()
    {
        var topic = Topics.TryParse(Topics.Events("cm-1", "gw-1", "door-1"), out var reason);

        Assert.Null(reason);
        Assert.Equal(new ContractTopic("cm-1", "gw-1", TopicKind.Events, "door-1"), topic);
        Assert.Equal(new ContractTopic("cm-1", "gw-1", TopicKind.Status, null), Topics.TryParse(Topics.Status("cm-1", "gw-1"), out _));
        Assert.Equal("es/v1/cm-1/gw-1/acks", Topics.Acks("cm-1", "gw-1"));
        Assert.Equal(new ContractTopic("cm-1", "gw-1", TopicKind.Acks, null), Topics.TryParse(Topics.Acks("cm-1", "gw-1"), out _));
    }

    [Theory]
    [InlineData("other/v1/cm/gw/status", "is not under")]
    [InlineData("es/v2/cm/gw/status", "is not under")]
    [InlineData("es/v1/cm/gw/alarms/d1", "unknown kind 'alarms'")]
    [InlineData("es/v1/cm/gw/events", "must have 6 levels")]
    [InlineData("es/v1/cm/gw/status/extra", "must have 5 levels")]
    [InlineData("es/v1/cm/gw/acks/d1", "must have 5 levels")]
    [InlineData("es/v1/cm/g w/events/d1", "invalid id 'g w'")]
    [InlineData("es/v1/cm/gw/events/", "invalid id ''")]
    public void Topics_outside_the_tree_are_refused_with_a_reason(string topic, string expected)
    {
        Assert.Null(Topics.TryParse(topic, out var reason));
        Assert.Contains(expected, reason, StringComparison.Ordinal);
    }
}
