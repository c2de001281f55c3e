namespace EdgeSecurity.Bindings.Mosquitto.Tests;

public sealed class TopicFilterTests
{
    [Theory]
    [InlineData("a/b", "a/b", true)]
    [InlineData("a/b", "a/c", false)]
    [InlineData("a/b", "a/b/c", false)]
    [InlineData("a/+", "a/b", true)]
    [InlineData("a/+", "a/", true)]
    [InlineData("a/+", "a/b/c", false)]
    [InlineData("+/+/temp", "site/cam1/temp", true)]
    [InlineData("a/#", "a", true)]
    [InlineData("a/#", "a/b/c", true)]
    [InlineData("a/#", "ab", false)]
    [InlineData("#", "any/topic", true)]
    [InlineData("#", "$SYS/broker/uptime", false)]
    [InlineData("+/broker/uptime", "$SYS/broker/uptime", false)]
    [InlineData("$SYS/#", "$SYS/broker/uptime", true)]
    [InlineData("$share/workers/jobs/+", "jobs/resize", true)]
    [InlineData("$share/workers/jobs/+", "workers/jobs/resize", false)]
    [InlineData("$share/workers/#", "anything/at/all", true)]
    public void MatchesLikeTheBroker(string filter, string topic, bool expected) =>
        Assert.Equal(expected, TopicFilter.Matches(filter, topic));
}
