using EdgeSecurity.Cli.Enrolment;

namespace EdgeSecurity.Cli.Tests.Enrolment;

public sealed class AgentConfigEditTests
{
    private static readonly (string, string, string)[] Changes =
    [
        ("gateway", "id", AgentConfigEdit.Text("gw-7")),
        ("broker", "port", AgentConfigEdit.Number(1883)),
        ("broker", "password", AgentConfigEdit.Text("s3cret/with:colon")),
    ];

    [Fact]
    public void Values_are_replaced_in_place_and_missing_keys_join_their_section()
    {
        const string yaml = "# top\ngateway:\n  id: old   # comment\n  community: cm\nbroker:\n  host: h # the host\nheartbeatSeconds: 10\n";

        Assert.Equal(
            "# top\ngateway:\n  id: gw-7   # comment\n  community: cm\nbroker:\n  host: h # the host\n  port: 1883\n  password: \"s3cret/with:colon\"\nheartbeatSeconds: 10\n",
            AgentConfigEdit.Apply(yaml, Changes));
    }

    [Fact]
    public void Flow_sections_empty_values_and_missing_sections_are_handled()
    {
        Assert.Equal("gateway: { id: gw-7, community: cm }\nbroker: { host: h, port: 1883, password: \"s3cret/with:colon\" }\n",
            AgentConfigEdit.Apply("gateway: { id: x, community: cm }\nbroker: { host: h }\n", Changes));
        Assert.Equal("gateway:\n  id: gw-7\nbroker:\n  port: 1883\n  password: \"s3cret/with:colon\"\n",
            AgentConfigEdit.Apply("gateway:\n  id:\n", Changes));
        Assert.Equal("# empty\ngateway:\n  id: gw-7\nbroker:\n  port: 1883\n  password: \"s3cret/with:colon\"\n", AgentConfigEdit.Apply("# empty\n", Changes));
        Assert.Equal("gateway:   # filled in by enroll\n  id: gw-7\nbroker:\n  port: 1883\n  password: \"s3cret/with:colon\"\nheartbeatSeconds: 10\n",
            AgentConfigEdit.Apply("gateway:   # filled in by enroll\nbroker:\nheartbeatSeconds: 10\n", Changes));
    }

    [Theory]
    [InlineData("123", "\"123\"")]
    [InlineData("true", "\"true\"")]
    [InlineData("-x", "\"-x\"")]
    [InlineData("gw-demo-01", "gw-demo-01")]
    [InlineData("a\"b", "\"a\\\"b\"")]
    public void Text_that_YAML_would_read_otherwise_is_quoted(string value, string expected) =>
        Assert.Equal(expected, AgentConfigEdit.Text(value));
}
