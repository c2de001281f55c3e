using EdgeSecurity.Configuration.Editing;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EdgeSecurity.Cli.Tests.Editing;

/// <summary>The YAML text editor changes one node and leaves every other character of the file as it was.</summary>
public sealed class YamlTextDocumentTests
{
    private const string Config = """
        # 网关配置：请勿删除本注释
        gateway:
          id: gw-1        # 网关编号
          community: cm-1

        doors:            # 门禁
          - id: door-a    # 北门
            place: { building: "3", unit: "2" }
            armedDuring: ["23:00-06:00"]
            # releaseLine: 22   (not wired yet)
          # - id: door-old (removed in 2025)
          - id: door-b
            name: 南门

        # cameras come later
        """;

    private static YamlTextDocument Parse(string text) => YamlTextDocument.Parse(text);

    [Fact]
    public void Setting_a_scalar_changes_only_its_characters()
    {
        var edited = Parse(Config).Set(YamlPath.Root.Key("gateway"), "community", YamlValue.Text("cm-2"));

        Assert.Equal(Config.Replace("community: cm-1", "community: cm-2", StringComparison.Ordinal), edited.Text);
    }

    [Fact]
    public void A_new_key_goes_after_the_last_one_at_the_same_indentation()
    {
        var edited = Parse(Config).Set(YamlPath.Root.Key("doors").Index(1), "heldOpenSeconds", YamlValue.Number(30));

        Assert.Equal(Config.Replace("    name: 南门\n", "    name: 南门\n    heldOpenSeconds: 30\n", StringComparison.Ordinal), edited.Text);
    }

    [Fact]
    public void A_new_key_of_a_flow_mapping_is_added_inside_the_braces()
    {
        var edited = Parse(Config).Set(YamlPath.Root.Key("doors").Index(0).Key("place"), "floor", YamlValue.Text("1"));

        Assert.Contains("place: { building: \"3\", unit: \"2\", floor: \"1\" }", edited.Text, StringComparison.Ordinal);
        Assert.Equal(Config.Length + ", floor: \"1\"".Length, edited.Text.Length);
    }

    [Fact]
    public void Appending_to_a_block_list_keeps_the_last_items_comments_and_indentation()
    {
        var item = YamlValue.BlockMap([new("id", YamlValue.Text("door-c")), new("place", YamlValue.FlowMap([new("building", YamlValue.Text("5"))]))]);

        var edited = Parse(Config).Append(YamlPath.Root, "doors", item);

        Assert.Equal(Config.Replace("    name: 南门\n", "    name: 南门\n  - id: door-c\n    place: { building: \"5\" }\n", StringComparison.Ordinal), edited.Text);
    }

    [Fact]
    public void Appending_after_an_item_with_comments_below_it_keeps_them_with_that_item()
    {
        var text = "doors:\n  - id: a\n    # releaseLine: 22\nbroker:\n  host: x\n";

        var edited = Parse(text).Append(YamlPath.Root, "doors", YamlValue.BlockMap([new("id", YamlValue.Text("b"))]));

        Assert.Equal("doors:\n  - id: a\n    # releaseLine: 22\n  - id: b\nbroker:\n  host: x\n", edited.Text);
    }

    [Fact]
    public void Appending_to_a_flow_list_stays_flow()
    {
        var edited = Parse(Config).Append(YamlPath.Root.Key("doors").Index(0), "armedDuring", YamlValue.Text("sat 00:00-23:59"));

        Assert.Contains("armedDuring: [\"23:00-06:00\", sat 00:00-23:59]", edited.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_section_is_created_at_the_end_with_the_documents_indentation()
    {
        var text = "gateway:\n    id: gw-1\nsmoke:\n    - id: s\n";

        var edited = Parse(text).Append(YamlPath.Root, "cameras", YamlValue.BlockMap([new("id", YamlValue.Text("cam-1")), new("width", YamlValue.Number(640))]));

        Assert.Equal(text + "cameras:\n    - id: cam-1\n      width: 640\n", edited.Text);
    }

    [Theory]
    [InlineData("gateway:\n  id: gw-1\ndoors:\n", "gateway:\n  id: gw-1\ndoors:\n  - id: d\n")]
    [InlineData("gateway:\n  id: gw-1\ndoors: []   # none yet\n", "gateway:\n  id: gw-1\ndoors:   # none yet\n  - id: d\n")]
    [InlineData("gateway:\n  id: gw-1\ndoors:\nbroker: {}\n", "gateway:\n  id: gw-1\ndoors:\n  - id: d\nbroker: {}\n")]
    [InlineData("gateway:\n  id: gw-1", "gateway:\n  id: gw-1\ndoors:\n  - id: d\n")]
    public void An_empty_or_null_list_becomes_a_block_list(string text, string expected)
    {
        var edited = Parse(text).Append(YamlPath.Root, "doors", YamlValue.BlockMap([new("id", YamlValue.Text("d"))]));

        Assert.Equal(expected, edited.Text);
    }

    [Fact]
    public void Removing_an_item_takes_its_lines_and_the_comments_indented_under_it_only()
    {
        var edited = Parse(Config).Remove(YamlPath.Root.Key("doors").Index(0));

        const string doorA = "  - id: door-a    # 北门\n    place: { building: \"3\", unit: \"2\" }\n    armedDuring: [\"23:00-06:00\"]\n    # releaseLine: 22   (not wired yet)\n";
        Assert.Contains(doorA, Config, StringComparison.Ordinal);
        Assert.Equal(Config.Replace(doorA, "", StringComparison.Ordinal), edited.Text);
        Assert.Contains("  # - id: door-old (removed in 2025)\n  - id: door-b", edited.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Removing_an_entry_of_a_block_and_of_a_flow_mapping()
    {
        var document = Parse(Config);

        var withoutName = document.Remove(YamlPath.Root.Key("doors").Index(1).Key("name"));
        var withoutUnit = document.Remove(YamlPath.Root.Key("doors").Index(0).Key("place").Key("unit"));
        var withoutBuilding = document.Remove(YamlPath.Root.Key("doors").Index(0).Key("place").Key("building"));

        Assert.Equal(Config.Replace("    name: 南门\n", "", StringComparison.Ordinal), withoutName.Text);
        Assert.Contains("place: { building: \"3\" }", withoutUnit.Text, StringComparison.Ordinal);
        Assert.Contains("place: { unit: \"2\" }", withoutBuilding.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Removing_the_first_key_of_a_compact_item_moves_the_next_key_onto_the_dash_line()
    {
        var edited = Parse("doors:\n  - name: x\n    id: a\n").Remove(YamlPath.Root.Key("doors").Index(0).Key("name"));

        Assert.Equal("doors:\n  - id: a\n", edited.Text);
    }

    [Fact]
    public void Replacing_a_block_value_with_a_flow_one_and_back()
    {
        var text = "doors:\n  - id: a\n    place:\n      building: \"3\"\n      unit: \"1\"\n    armed: true\n";
        var document = Parse(text);

        var flow = document.Set(YamlPath.Root.Key("doors").Index(0), "place", YamlValue.FlowMap([new("building", YamlValue.Text("4"))]));
        var block = flow.Set(YamlPath.Root.Key("doors").Index(0), "place", YamlValue.BlockMap([new("building", YamlValue.Text("5"))]));

        Assert.Equal("doors:\n  - id: a\n    place: { building: \"4\" }\n    armed: true\n", flow.Text);
        Assert.Equal("doors:\n  - id: a\n    place:\n      building: \"5\"\n    armed: true\n", block.Text);
    }

    [Fact]
    public void A_crlf_file_keeps_crlf_everywhere()
    {
        var text = Config.Replace("\n", "\r\n", StringComparison.Ordinal);

        var edited = Parse(text)
            .Append(YamlPath.Root, "doors", YamlValue.BlockMap([new("id", YamlValue.Text("door-c")), new("name", YamlValue.Text("东门"))]))
            .Set(YamlPath.Root.Key("gateway"), "grid", YamlValue.Text("grid-01"))
            .Remove(YamlPath.Root.Key("doors").Index(0));

        Assert.DoesNotContain("\n", edited.Text.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("  - id: door-c\r\n    name: 东门\r\n", edited.Text, StringComparison.Ordinal);
        Assert.Contains("  community: cm-1\r\n  grid: grid-01\r\n", edited.Text, StringComparison.Ordinal);
        Assert.StartsWith("# 网关配置：请勿删除本注释\r\n", edited.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Unindented_lists_stay_unindented()
    {
        var text = "doors:\n- id: a\n  name: x\n";

        var edited = Parse(text).Append(YamlPath.Root, "doors", YamlValue.BlockMap([new("id", YamlValue.Text("b")), new("armed", YamlValue.Boolean(false))]));

        Assert.Equal(text + "- id: b\n  armed: false\n", edited.Text);
    }

    [Theory]
    [InlineData("door-1")]
    [InlineData("3")]
    [InlineData("yes")]
    [InlineData("null")]
    [InlineData("3号楼 2单元")]
    [InlineData("rtsp://admin:p@ss#1@192.168.1.64:554/Streaming/Channels/101?transport=tcp")]
    [InlineData("a: b # c")]
    [InlineData("- dash")]
    [InlineData("[x], {y}")]
    [InlineData("\"quoted\" \\ back")]
    [InlineData(" padded ")]
    [InlineData("")]
    [InlineData("line\nbreak\ttab")]
    [InlineData("../../hardware/profiles/photoelectric-smoke-detector.yaml")]
    public void Text_reads_back_as_itself_in_block_and_flow_context(string text)
    {
        var edited = Parse("a: 1\n").Set(YamlPath.Root, "block", YamlValue.Text(text)).Set(YamlPath.Root, "flow", YamlValue.FlowList([YamlValue.Text(text)]));

        var stream = new YamlStream();
        stream.Load(new StringReader(edited.Text));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var block = (YamlScalarNode)root.Children[new YamlScalarNode("block")];
        var flow = (YamlScalarNode)((YamlSequenceNode)root.Children[new YamlScalarNode("flow")]).Children[0];
        Assert.Equal(text, block.Value);
        Assert.Equal(text, flow.Value);
    }

    [Theory]
    [InlineData("3", "\"3\"")]
    [InlineData("yes", "\"yes\"")]
    [InlineData("~", "\"~\"")]
    [InlineData("3号楼", "3号楼")]
    [InlineData("gpiochip0", "gpiochip0")]
    [InlineData("true", "\"true\"")]
    [InlineData("-x", "\"-x\"")]
    [InlineData("gw-demo-01", "gw-demo-01")]
    public void Text_that_a_reader_would_take_for_a_number_boolean_or_null_is_quoted(string text, string written) =>
        Assert.Equal(written, YamlScalarValue.Format(text));

    [Theory]
    [InlineData(0, "testDevices: [b, c]   # 测试\n")]
    [InlineData(1, "testDevices: [a, c]   # 测试\n")]
    [InlineData(2, "testDevices: [a, b]   # 测试\n")]
    public void Removing_from_a_flow_list_takes_the_item_and_one_comma(int index, string expected) =>
        Assert.Equal(expected, Parse("testDevices: [a, b, c]   # 测试\n").Remove(YamlPath.Root.Key("testDevices").Index(index)).Text);

    [Fact]
    public void Removing_the_only_item_of_a_flow_list_leaves_it_empty() =>
        Assert.Equal("testDevices: []\n", Parse("testDevices: [a]\n").Remove(YamlPath.Root.Key("testDevices").Index(0)).Text);

    [Fact]
    public void A_device_written_as_a_flow_mapping_is_edited_inside_its_braces()
    {
        var text = "---\ndoors:\n  - { id: a, source: simulated }   # 东门\n";
        var door = YamlPath.Root.Key("doors").Index(0);

        var edited = Parse(text).Set(door, "place", YamlValue.BlockMap([new("building", YamlValue.Text("3"))])).Set(door, "armed", YamlValue.Boolean(false)).Remove(door.Key("source"));

        Assert.Equal("---\ndoors:\n  - { id: a, place: { building: \"3\" }, armed: false }   # 东门\n", edited.Text);
    }

    [Fact]
    public void A_literal_block_scalar_is_replaced_without_its_neighbours()
    {
        var text = "a:\n  note: |\n    line one\n    line two\n  next: 1\n";

        var edited = Parse(text).Set(YamlPath.Root.Key("a"), "note", YamlValue.Text("short"));

        Assert.Equal("a:\n  note: short\n  next: 1\n", edited.Text);
    }

    [Fact]
    public void A_value_set_under_a_missing_mapping_creates_it()
    {
        var edited = Parse("gateway:\n  id: gw-1\n").Set(YamlPath.Root.Key("control"), "socket", YamlValue.Text("/run/edgesecurity/agent.sock"));

        Assert.Equal("gateway:\n  id: gw-1\ncontrol:\n  socket: /run/edgesecurity/agent.sock\n", edited.Text);
    }

    /// <summary>What <c>edgesec enroll</c> does: scalars set in top-level sections, whatever state the installer left them in.</summary>
    private static string SetInSections(string text) => Parse(text)
        .Set(YamlPath.Root.Key("gateway"), "id", YamlValue.Text("gw-7"))
        .Set(YamlPath.Root.Key("broker"), "port", YamlValue.Number(1883))
        .Set(YamlPath.Root.Key("broker"), "password", YamlValue.Text("s3cret/with:colon"))
        .Text;

    [Theory]
    [InlineData( // values replaced before their comments, missing keys after the last one of their section
        "# top\ngateway:\n  id: old   # comment\n  community: cm\nbroker:\n  host: h # the host\nheartbeatSeconds: 10\n",
        "# top\ngateway:\n  id: gw-7   # comment\n  community: cm\nbroker:\n  host: h # the host\n  port: 1883\n  password: s3cret/with:colon\nheartbeatSeconds: 10\n")]
    [InlineData( // flow sections
        "gateway: { id: x, community: cm }\nbroker: { host: h }\n",
        "gateway: { id: gw-7, community: cm }\nbroker: { host: h, port: 1883, password: s3cret/with:colon }\n")]
    [InlineData( // an empty value, and a missing section
        "gateway:\n  id:\n",
        "gateway:\n  id: gw-7\nbroker:\n  port: 1883\n  password: s3cret/with:colon\n")]
    [InlineData( // comments only
        "# empty\n",
        "# empty\ngateway:\n  id: gw-7\nbroker:\n  port: 1883\n  password: s3cret/with:colon\n")]
    [InlineData( // empty sections: a comment on the section's line stays there
        "gateway:   # filled in by enroll\nbroker:\nheartbeatSeconds: 10\n",
        "gateway:   # filled in by enroll\n  id: gw-7\nbroker:\n  port: 1883\n  password: s3cret/with:colon\nheartbeatSeconds: 10\n")]
    [InlineData( // CRLF, an empty section with a comment
        "broker:   # 消息服务器\r\ngateway:\r\n    id: x\r\n",
        "broker:   # 消息服务器\r\n    port: 1883\r\n    password: s3cret/with:colon\r\ngateway:\r\n    id: gw-7\r\n")]
    public void Scalars_are_set_in_top_level_sections_in_any_state(string text, string expected) =>
        Assert.Equal(expected, SetInSections(text));

    [Theory]
    [InlineData("- gw-1\n", "the top level is not a mapping")]
    [InlineData("gateway: [gw-1]\n", "gateway is not a mapping")]
    [InlineData("gateway: gw-1\n", "gateway is not a mapping")]
    public void Setting_a_key_of_something_that_is_not_a_mapping_says_what_it_is(string text, string message) =>
        Assert.Equal(message, Assert.Throws<InvalidOperationException>(() => SetInSections(text)).Message);

    [Fact]
    public void A_syntax_error_is_a_yaml_exception_with_its_position()
    {
        var error = Assert.Throws<SemanticErrorException>(() => Parse("gateway:\n  id: gw-1\n   bad: indent\n"));

        Assert.Equal(3, error.Start.Line);
    }

    [Fact]
    public void Find_reads_keys_items_and_scalars()
    {
        var document = Parse(Config);

        Assert.Equal("南门", document.Find(YamlPath.Root.Key("doors").Index(1))!.Text("name"));
        Assert.Equal(2, document.Find(YamlPath.Root.Key("doors"))!.Items.Count);
        Assert.Null(document.Find(YamlPath.Root.Key("cameras")));
        Assert.Null(Parse("# only a comment\n").Root);
    }
}
