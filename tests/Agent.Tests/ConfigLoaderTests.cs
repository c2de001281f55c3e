using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Agent.Doors;
using EdgeSecurity.Configuration;
using EdgeSecurity.Testing;

namespace EdgeSecurity.Agent.Tests;

public class ConfigLoaderTests
{
    private const string File = "agent.yaml";
    private const string BaseDirectory = "/etc/edgesecurity";

    // Line numbers in the tests below refer to this text and its variants.
    private const string Minimal = """
        gateway:
          id: gw-1
          community: cm-1
        broker:
          host: 127.0.0.1
        doors:
          - id: door-1
            heldOpenSeconds: 60
        """;

    private static ConfigLoadResult Parse(string yaml) => ConfigLoader.Parse(yaml, File, BaseDirectory);

    private static ConfigError SingleError(string yaml)
    {
        var result = Parse(yaml);
        Assert.False(result.Succeeded);
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void The_documented_sample_loads()
    {
        var result = ConfigLoader.Load(Path.Combine(RepositoryLayout.Root, "edge", "Agent", "agent.sample.yaml"));

        Assert.True(result.Succeeded, string.Join('\n', result.Errors));
        var config = result.Config!;
        Assert.Equal(new GatewayConfig("gw-demo-01", "cm-demo", "grid-01"), config.Gateway);
        Assert.Equal(new BrokerConfig("127.0.0.1", 1883, "gw-demo-01", "secret", TimeSpan.FromSeconds(30)), config.Broker);
        Assert.Equal(TimeSpan.FromSeconds(30), config.HeartbeatInterval);
        Assert.Equal("/var/lib/edgesecurity", config.DataDirectory);
        Assert.Equal("/run/edgesecurity/agent.sock", config.ControlSocketPath);
        Assert.Equal(2, config.Doors.Count);
        var door = config.Doors[0];
        Assert.Equal(
            ("door-b3-u2", "3号楼2单元门", new DoorPlace("3", "2", "1", null), DoorSource.Simulated, true, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60)),
            (door.Id, door.Name, door.Place, door.Source, door.Armed, door.ReleaseWindow, door.HeldOpenAfter));
        Assert.Equal(SimulatedDoorWiring.LinesFor("door-b3-u2", TimeSpan.FromMilliseconds(20)), door.Lines);
        Assert.False(config.Doors[1].Armed);
        Assert.Equal(TimeSpan.FromSeconds(300), config.Doors[1].HeldOpenAfter);
    }

    [Fact]
    public void Optional_keys_take_their_documented_defaults()
    {
        var config = Parse(Minimal).Config!;

        Assert.Equal(1883, config.Broker.Port);
        Assert.Equal(TimeSpan.FromSeconds(30), config.Broker.KeepAlive);
        Assert.Null(config.Broker.Username);
        Assert.Null(config.Gateway.Grid);
        Assert.Equal(TimeSpan.FromSeconds(30), config.HeartbeatInterval);
        Assert.Equal("/var/lib/edgesecurity", config.DataDirectory);
        Assert.Equal("/var/lib/edgesecurity/agent.sock", config.ControlSocketPath);
        Assert.Equal(new OutboxConfig("/var/lib/edgesecurity/outbox.db", 64L * 1024 * 1024, TimeSpan.FromSeconds(30)), config.Outbox);
        var door = Assert.Single(config.Doors);
        Assert.True(door.Armed);
        Assert.Equal(DoorSource.Simulated, door.Source);
        Assert.Equal(TimeSpan.FromSeconds(10), door.ReleaseWindow);
        Assert.Equal(new DoorPlace(null, null, null, null), door.Place);
    }

    [Fact]
    public void Relative_paths_are_taken_from_the_config_files_directory()
    {
        var config = Parse(Minimal + "\ndataDirectory: state\n").Config!;

        Assert.Equal("/etc/edgesecurity/state", config.DataDirectory);
        Assert.Equal("/etc/edgesecurity/state/agent.sock", config.ControlSocketPath);
        Assert.Equal("/etc/edgesecurity/state/outbox.db", config.Outbox.Path);
    }

    [Fact]
    public void The_outbox_quota_and_hub_ack_timeout_are_read()
    {
        var config = Parse(Minimal + "\noutbox: { maxMegabytes: 8, hubAckTimeoutSeconds: 5 }\n").Config!;

        Assert.Equal(8L * 1024 * 1024, config.Outbox.MaxBytes);
        Assert.Equal(TimeSpan.FromSeconds(5), config.Outbox.HubAckTimeout);
    }

    [Fact]
    public void The_password_never_appears_when_the_broker_config_is_printed()
    {
        var broker = new BrokerConfig("broker.local", 8883, "gw", "s3cret", TimeSpan.FromSeconds(30));

        Assert.Equal("broker.local:8883", broker.ToString());
    }

    [Fact]
    public void A_missing_file_is_reported_with_its_path()
    {
        using var directory = new TempDirectory();
        var path = directory.Combine("absent.yaml");

        var error = Assert.Single(ConfigLoader.Load(path).Errors);

        Assert.StartsWith($"{path}: file not found; expected ", error.ToString(), StringComparison.Ordinal);
        Assert.Null(error.Line);
    }

    [Fact]
    public void An_empty_file_is_reported()
    {
        var error = SingleError("# only a comment\n");

        Assert.Equal("agent.yaml: the file is empty; expected a mapping with the keys gateway, broker and doors", error.ToString());
    }

    [Fact]
    public void A_yaml_syntax_error_is_reported_at_its_position()
    {
        var error = SingleError("gateway:\n  id: gw-1\n community: cm-1\n");

        Assert.Equal((3, 2), (error.Line, error.Column));
        Assert.StartsWith("agent.yaml:3:2: invalid YAML: ", error.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("; expected well-formed YAML", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_key_is_a_yaml_error()
    {
        var error = SingleError(Minimal.Replace("  community: cm-1", "  community: cm-1\n  id: gw-2", StringComparison.Ordinal));

        Assert.Equal(4, error.Line);
        Assert.Contains("Duplicate key", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_key_is_reported_with_a_suggestion()
    {
        var error = SingleError(Minimal.Replace("heldOpenSeconds", "heldOpenSecond", StringComparison.Ordinal));

        Assert.Equal(
            "agent.yaml:8:5: doors[0].heldOpenSecond: unknown key 'heldOpenSecond' (did you mean 'heldOpenSeconds'?); "
            + "expected one of: id, name, place, source, debounceMs, chip, line, activeLow, bias, contact, releaseLine, tamperLine, armedDuring, armed, "
            + "releaseWindowSeconds, heldOpenSeconds, stuckLineHours, chatterEdges, chatterSeconds, care",
            error.ToString());
    }

    [Fact]
    public void An_unknown_key_unlike_any_known_one_gets_no_suggestion()
    {
        var error = SingleError(Minimal + "\ncolour: red\n");

        Assert.Equal((9, 1), (error.Line, error.Column));
        Assert.Equal("colour", error.Path);
        Assert.Equal("unknown key 'colour'", error.Problem);
        Assert.Equal("one of: gateway, broker, heartbeatSeconds, dataDirectory, control, outbox, doors, smokeDetectors, rs485Buses, fusion, maintenance, testDevices, modes, commands, cameras, evidence", error.Expected);
    }

    [Theory]
    [InlineData("  host: 127.0.0.1", "  host: 127.0.0.1\n  port: abc", 6, "broker.port", "'abc' is not an integer", "an integer from 1 to 65535")]
    [InlineData("    heldOpenSeconds: 60", "    heldOpenSeconds: 60\n    armed: yes", 9, "doors[0].armed", "'yes' is not a boolean", "true or false")]
    [InlineData("doors:", "outbox:\n  maxMegabytes: lots\ndoors:", 7, "outbox.maxMegabytes", "'lots' is not an integer", "an integer number of megabytes from 1 to 65536")]
    [InlineData("doors:", "outbox: 64\ndoors:", 6, "outbox", "found '64'", "a mapping with the outbox's maxMegabytes and hubAckTimeoutSeconds")]
    [InlineData("  community: cm-1", "  community: [cm-1]", 3, "gateway.community", "found a list", "the community id: 1-64 characters of A-Z, a-z, 0-9, '-' or '_'")]
    [InlineData("  - id: door-1\n    heldOpenSeconds: 60", "  - door-1", 7, "doors[0]", "found 'door-1'", "a door: a mapping with id, name, place, source, armed, ...")]
    public void A_value_of_the_wrong_type_is_reported(string original, string replacement, int line, string path, string problem, string expected)
    {
        var error = SingleError(Minimal.Replace(original, replacement, StringComparison.Ordinal));

        Assert.Equal((line, path, problem, expected), (error.Line, error.Path, error.Problem, error.Expected));
    }

    [Theory]
    [InlineData("    heldOpenSeconds: 60", "    heldOpenSeconds: 0", 8, 22, "doors[0].heldOpenSeconds", "0 is out of range; expected an integer number of seconds from 5 to 86400")]
    [InlineData("  host: 127.0.0.1", "  host: 127.0.0.1\n  port: 70000", 6, 9, "broker.port", "70000 is out of range; expected an integer from 1 to 65535")]
    [InlineData("doors:", "heartbeatSeconds: -1\ndoors:", 6, 19, "heartbeatSeconds", "-1 is out of range; expected an integer number of seconds from 5 to 3600")]
    [InlineData("doors:", "outbox:\n  maxMegabytes: 0\ndoors:", 7, 17, "outbox.maxMegabytes", "0 is out of range; expected an integer number of megabytes from 1 to 65536")]
    [InlineData("doors:", "outbox:\n  hubAckTimeoutSeconds: 7200\ndoors:", 7, 25, "outbox.hubAckTimeoutSeconds", "7200 is out of range; expected an integer number of seconds from 1 to 3600")]
    public void A_number_out_of_range_is_reported(string original, string replacement, int line, int column, string path, string message)
    {
        var error = SingleError(Minimal.Replace(original, replacement, StringComparison.Ordinal));

        Assert.Equal($"agent.yaml:{line}:{column}: {path}: {message}", error.ToString());
    }

    [Fact]
    public void An_invalid_id_is_reported_with_the_rule()
    {
        var error = SingleError(Minimal.Replace("id: gw-1", "id: \"gw 1\"", StringComparison.Ordinal));

        Assert.Equal(
            "agent.yaml:2:7: gateway.id: 'gw 1' is not a valid id; expected the gateway id (also its MQTT client id): 1-64 characters of A-Z, a-z, 0-9, '-' or '_'",
            error.ToString());
    }

    [Fact]
    public void A_door_id_used_twice_is_reported_at_the_second_use()
    {
        var error = SingleError(Minimal + "\n  - id: door-2\n  - id: door-1\n");

        Assert.Equal("agent.yaml:10:9: doors[2].id: door id 'door-1' is already used at line 7; expected a unique id for each door", error.ToString());
    }

    [Fact]
    public void A_missing_required_key_is_reported_at_its_section()
    {
        var error = SingleError(Minimal.Replace("  id: gw-1\n", "", StringComparison.Ordinal));

        Assert.Equal((2, 3, "gateway.id", "is missing"), (error.Line, error.Column, error.Path, error.Problem));
    }

    [Fact]
    public void A_missing_section_is_reported_once_not_once_per_key()
    {
        var error = SingleError("broker:\n  host: 127.0.0.1\n");

        Assert.Equal("agent.yaml:1:1: gateway: is missing; expected a mapping with the gateway's id, community and grid", error.ToString());
    }

    [Fact]
    public void A_key_without_a_value_counts_as_missing()
    {
        var error = SingleError(Minimal.Replace("host: 127.0.0.1", "host:", StringComparison.Ordinal));

        Assert.Equal(("broker.host", "has no value"), (error.Path, error.Problem));
    }

    [Fact]
    public void Empty_text_is_refused()
    {
        var error = SingleError(Minimal.Replace("    heldOpenSeconds: 60", "    name: \"\"", StringComparison.Ordinal));

        Assert.Equal(("doors[0].name", "is empty"), (error.Path, error.Problem));
    }

    [Fact]
    public void A_gpio_door_needs_its_chip_and_line()
    {
        var result = Parse(Minimal.Replace("    heldOpenSeconds: 60", "    source: gpio", StringComparison.Ordinal));

        Assert.Equal(
            ["agent.yaml:7:5: doors[0].chip: is missing; expected a GPIO chip for source: gpio, e.g. gpiochip0",
             "agent.yaml:7:5: doors[0].line: is missing; expected a line offset (0, 1, ...) or a line name as gpioinfo shows it, for source: gpio"],
            result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void A_socket_path_too_long_for_a_unix_socket_is_refused()
    {
        var error = SingleError(Minimal + $"\ncontrol:\n  socket: /run/{new string('s', 120)}.sock\n");

        Assert.Equal((10, 11, "control.socket"), (error.Line, error.Column, error.Path));
        Assert.Contains("at most 107 bytes", error.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void A_password_needs_a_username()
    {
        var error = SingleError(Minimal.Replace("  host: 127.0.0.1", "  host: 127.0.0.1\n  password: secret", StringComparison.Ordinal));

        Assert.Equal(("broker.password", 6), (error.Path, error.Line));
    }

    [Fact]
    public void Every_error_is_reported_at_once_in_file_order()
    {
        const string yaml = """
            gateway:
              id: gw_ü
              community: cm-1
              gird: grid-1
            broker:
              host: 127.0.0.1
              port: 0
            doors:
              - id: door-1
                armed: maybe
              - id: door-1
            """;

        var result = Parse(yaml);

        Assert.False(result.Succeeded);
        Assert.Equal(
            [
                (2, "gateway.id"),
                (4, "gateway.gird"),
                (7, "broker.port"),
                (10, "doors[0].armed"),
                (11, "doors[1].id"),
            ],
            result.Errors.Select(e => (e.Line ?? 0, e.Path ?? "")));
        Assert.Contains("did you mean 'grid'?", result.Errors[1].Problem, StringComparison.Ordinal);
    }
}
