using System.Text;
using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Cli.Tests.Support;

namespace EdgeSecurity.Cli.Tests;

/// <summary>
/// <c>device add|list|edit|remove</c> on temp config files: every change passes the agent's loader, keeps the rest of the
/// file byte for byte, and a refused change leaves the file exactly as it was.
/// </summary>
public sealed class DeviceCommandTests : IDisposable
{
    private const string Original = """
        # 网关配置：阳光花园 3 号楼 (keep this comment)
        gateway:
          id: gw-t1          # 网关编号
          community: cm-t
        broker:
          host: 127.0.0.1

        doors:
          - id: door-1       # 北门
            source: simulated
            # heldOpenSeconds: 30   (decided later)

        # cameras: added by the installer
        """;

    private readonly TempDirectory _directory = new();

    public DeviceCommandTests()
    {
        ConfigPath = _directory.Combine("agent.yaml");
        File.WriteAllText(ConfigPath, Original);
    }

    private string ConfigPath { get; }

    private static string Profile(string name) => Path.Combine(RepositoryLayout.Root, "hardware", "profiles", name + ".yaml");

    public void Dispose() => _directory.Dispose();

    private Task<CliResult> Run(params string[] args) => Edgesec.RunAsync([.. args, "--config", ConfigPath, "--lang", "en"]);

    private AgentConfig Loaded()
    {
        var result = ConfigLoader.Load(ConfigPath);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Config!;
    }

    [Fact]
    public async Task A_gpio_door_is_added_after_the_last_door_and_the_rest_of_the_file_is_unchanged()
    {
        var result = await Run("device", "add", "door", "door-2", "--line", "17", "--tamper-line", "23", "--building", "3", "--unit", "2",
            "--armed-during", "mon-fri 22:00-06:00", "--held-open", "45", "--name", "南门");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("door door-2 added to", result.Output, StringComparison.Ordinal);
        var added = """
              - id: door-2
                name: 南门
                place: { building: "3", unit: "2" }
                source: gpio
                chip: gpiochip0
                line: "17"
                tamperLine: "23"
                armedDuring: [mon-fri 22:00-06:00]
                heldOpenSeconds: 45

            """;
        var text = await File.ReadAllTextAsync(ConfigPath);
        Assert.Equal(Original.Replace("    # heldOpenSeconds: 30   (decided later)\n", "    # heldOpenSeconds: 30   (decided later)\n" + added, StringComparison.Ordinal), text);
        var door = Assert.Single(Loaded().Doors, d => d.Id == "door-2");
        Assert.Equal(DoorSource.Gpio, door.Source);
        Assert.Equal("23", door.Lines!.TamperLine);
        Assert.Equal(TimeSpan.FromSeconds(45), door.HeldOpenAfter);
        Assert.Equal(0, (await Edgesec.RunAsync("config", "validate", "--config", ConfigPath)).ExitCode);
    }

    [Fact]
    public async Task Adding_then_removing_each_kind_gives_back_the_original_bytes_and_the_new_section_keys()
    {
        string[][] adds =
        [
            ["device", "add", "door", "door-s", "--simulated", "--floor", "1"],
            ["device", "add", "smoke", "smoke-r", "--alarm-line", "22", "--fault-line", "23", "--debounce", "80"],
            ["device", "add", "smoke", "smoke-m", "--bus", "bus-1", "--port", "/dev/rs485-1", "--slave", "3", "--profile", Profile("photoelectric-smoke-detector")],
            ["device", "add", "sensor", "th-1", "--bus", "bus-1", "--slave", "10", "--profile", Profile("temperature-humidity-sensor")],
            ["device", "add", "camera", "cam-1", "--url", "rtsp://admin:pw@192.168.1.64/stream1", "--width", "1280", "--height", "720", "--fps", "12.5", "--detect-fps", "3"],
        ];
        foreach (var add in adds)
        {
            var result = await Run(add);
            Assert.True(result.ExitCode == 0, result.ToString());
        }

        var config = Loaded();
        Assert.Equal(["door-1", "door-s"], config.Doors.Select(d => d.Id));
        var relay = Assert.Single(config.SmokeDetectors);
        Assert.Equal("gpiochip0:22", relay.AlarmLine!.ToString());
        Assert.Equal(TimeSpan.FromMilliseconds(80), relay.Debounce);
        var bus = Assert.Single(config.Rs485Buses);
        Assert.Equal(["smoke-m", "th-1"], bus.Devices.Select(d => d.Id));
        var camera = Assert.Single(config.Cameras);
        Assert.Equal((1280, 720, 12.5, 3.0), (camera.Width, camera.Height, camera.FramesPerSecond!.Value, camera.DetectFramesPerSecond));

        var list = await Run("device", "list", "--json");
        Assert.Equal(0, list.ExitCode);
        var rows = list.Json().GetProperty("devices").EnumerateArray().Select(d => (d.GetProperty("kind").GetString(), d.GetProperty("id").GetString())).ToList();
        Assert.Equal([("door", "door-1"), ("door", "door-s"), ("smoke", "smoke-r"), ("smoke", "smoke-m"), ("sensor", "th-1"), ("camera", "cam-1")], rows);
        Assert.DoesNotContain("pw@", list.Output, StringComparison.Ordinal);

        foreach (var id in new[] { "cam-1", "th-1", "smoke-m", "smoke-r", "door-s" })
        {
            var result = await Run("device", "remove", id);
            Assert.True(result.ExitCode == 0, result.ToString());
        }
        // The sections that were created (after the last one, before the trailing comment) stay, empty, for the installer to fill again.
        Assert.Equal(Original.Replace("(decided later)\n", "(decided later)\nsmokeDetectors:\nrs485Buses:\ncameras:\n", StringComparison.Ordinal), await File.ReadAllTextAsync(ConfigPath));
    }

    [Fact]
    public async Task Edit_changes_the_named_keys_and_implies_the_related_ones()
    {
        Assert.Equal(0, (await Run("device", "add", "door", "door-2", "--line", "17", "--bias", "pull-down", "--armed", "false")).ExitCode);

        var result = await Run("device", "edit", "door-2", "--simulated", "--armed-during", "23:00-06:00", "--care-hours", "12", "--room", "301");

        Assert.True(result.ExitCode == 0, result.ToString());
        var door = Assert.Single(Loaded().Doors, d => d.Id == "door-2");
        Assert.Equal(DoorSource.Simulated, door.Source);
        Assert.NotNull(door.ArmedDuring);
        Assert.Equal(TimeSpan.FromHours(12), door.Care!.NoActivityAfter);
        Assert.Equal("301", door.Place.Room);
        var text = await File.ReadAllTextAsync(ConfigPath);
        Assert.DoesNotContain("pull-down", text, StringComparison.Ordinal);
        Assert.StartsWith(Original[..Original.IndexOf("\n# cameras", StringComparison.Ordinal)], text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unset_removes_a_key_and_an_option_of_another_kind_is_refused()
    {
        Assert.Equal(0, (await Run("device", "edit", "door-1", "--held-open", "90")).ExitCode);
        Assert.Equal(TimeSpan.FromSeconds(90), Loaded().Doors[0].HeldOpenAfter);

        Assert.Equal(0, (await Run("device", "edit", "door-1", "--unset", "heldOpenSeconds")).ExitCode);
        Assert.Equal(Original, await File.ReadAllTextAsync(ConfigPath));

        var refused = await Run("device", "edit", "door-1", "--url", "rtsp://x/y");
        Assert.Equal(ExitCodes.BadUsage, refused.ExitCode);
        Assert.Contains("--url do(es) not apply to 'door-1', a door", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Modbus_devices_and_cameras_are_edited_in_place()
    {
        Assert.Equal(0, (await Run("device", "add", "sensor", "th-1", "--bus", "bus-1", "--port", "/dev/rs485-1", "--baud", "19200", "--slave", "10", "--profile", Profile("temperature-humidity-sensor"))).ExitCode);
        Assert.Equal(0, (await Run("device", "add", "camera", "cam-1", "--url", "rtsp://192.168.1.64/stream1")).ExitCode);

        var sensor = await Run("device", "edit", "th-1", "--slave", "12", "--name", "车棚温湿度", "--building", "3");
        var camera = await Run("device", "edit", "cam-1", "--detect-fps", "2.5", "--model", "/opt/models/yolox_nano_416.yaml", "--building", "3");

        Assert.True(sensor.ExitCode == 0, sensor.ToString());
        Assert.True(camera.ExitCode == 0, camera.ToString());
        var config = Loaded();
        var bus = Assert.Single(config.Rs485Buses);
        Assert.Equal(19200, bus.Serial.BaudRate);
        Assert.Equal((12, "车棚温湿度", "3"), ((int)bus.Devices[0].SlaveId, bus.Devices[0].Name, bus.Devices[0].Place.Building));
        Assert.Equal((2.5, "/opt/models/yolox_nano_416.yaml", "3"), (config.Cameras[0].DetectFramesPerSecond, config.Cameras[0].Model!.ManifestPath, config.Cameras[0].Place.Building));

        var moved = await Run("device", "edit", "th-1", "--bus", "bus-2");
        Assert.Equal(ExitCodes.BadUsage, moved.ExitCode);
        Assert.Contains("--bus do(es) not apply", moved.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_relay_detector_switches_between_simulated_and_gpio()
    {
        Assert.Equal(0, (await Run("device", "add", "smoke", "smoke-1", "--alarm-line", "22", "--fault-line", "23")).ExitCode);

        Assert.Equal(0, (await Run("device", "edit", "smoke-1", "--simulated")).ExitCode);
        var simulated = Assert.Single(Loaded().SmokeDetectors);
        Assert.Equal((SmokeRelaySource.Simulated, null, null), (simulated.Source, simulated.AlarmLine, simulated.FaultLine));

        Assert.Equal(0, (await Run("device", "edit", "smoke-1", "--alarm-line", "5", "--chip", "gpiochip1", "--active-low", "false")).ExitCode);
        var gpio = Assert.Single(Loaded().SmokeDetectors);
        Assert.Equal((SmokeRelaySource.Gpio, "gpiochip1:5", false), (gpio.Source, gpio.AlarmLine!.ToString(), gpio.ActiveLow));
        Assert.Contains("    alarm: { chip: gpiochip1, line: \"5\" }\n", await File.ReadAllTextAsync(ConfigPath), StringComparison.Ordinal);
        Assert.Equal(0, (await Edgesec.RunAsync("config", "validate", "--config", ConfigPath)).ExitCode);
    }

    [Fact]
    public async Task An_edit_to_what_the_config_already_says_writes_nothing_and_succeeds()
    {
        Assert.Equal(0, (await Run("device", "edit", "door-1", "--held-open", "60")).ExitCode);
        var before = File.GetLastWriteTimeUtc(ConfigPath);
        var bytes = await File.ReadAllBytesAsync(ConfigPath);

        var again = await Run("device", "edit", "door-1", "--held-open", "60", "--json");

        Assert.Equal(0, again.ExitCode);
        Assert.Equal("unchanged", again.Json().GetProperty("action").GetString());
        Assert.Equal(bytes, await File.ReadAllBytesAsync(ConfigPath));
        Assert.Equal(before, File.GetLastWriteTimeUtc(ConfigPath));
    }

    [Fact]
    public async Task Removing_a_device_still_named_in_test_devices_says_where()
    {
        await File.WriteAllTextAsync(ConfigPath, Original + "\ntestDevices: [door-1]\n");
        Assert.Equal(0, (await Run("device", "add", "door", "door-2", "--simulated")).ExitCode);

        var result = await Run("device", "remove", "door-1");

        Assert.True(result.ExitCode == 0, result.ToString());
        var line = (await File.ReadAllLinesAsync(ConfigPath)).ToList().FindIndex(l => l.StartsWith("testDevices", StringComparison.Ordinal)) + 1;
        Assert.Contains($"door-1 is still named at line(s) {line} (maintenance or testDevices)", result.Output, StringComparison.Ordinal);
        Assert.Equal(["door-2"], Loaded().Doors.Select(d => d.Id));
    }

    [Fact]
    public async Task Device_list_shows_a_table_in_chinese()
    {
        Assert.Equal(0, (await Run("device", "add", "smoke", "smoke-1", "--simulated", "--floor", "1")).ExitCode);

        var result = await Edgesec.RunAsync("device", "list", "--config", ConfigPath, "--lang", "zh-CN");

        Assert.Equal(0, result.ExitCode);
        foreach (var expected in new[] { "类型", "编号", "位置", "门", "烟感", "door-1", "smoke-1", "floor 1", "simulated" })
            Assert.Contains(expected, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_help_of_device_add_door_is_in_the_chosen_language()
    {
        var result = await Edgesec.RunAsync("device", "add", "door", "--help", "--lang", "zh-CN");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("门磁所接的 GPIO 线路", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("--url", result.Output, StringComparison.Ordinal);
    }

    public static TheoryData<string[], string> RefusedCommands => new()
    {
        { ["device", "add", "window", "w-1"], "bad command line" },
        { ["device", "add", "door", "door-1", "--simulated"], "the id 'door-1' is already used by a door at line 9" },
        { ["device", "add", "camera", "door-1", "--url", "rtsp://x/y"], "already used by a door" },
        { ["device", "add", "door", "door 2", "--simulated"], "'door 2' is not a valid device id" },
        { ["device", "add", "door", "door-2"], "say how the door is wired" },
        { ["device", "add", "sensor", "th-1", "--bus", "bus-9", "--slave", "1", "--profile", "x.yaml"], "there is no bus 'bus-9' yet" },
        { ["device", "add", "door", "door-2", "--simulated", "--held-open", "2"], "heldOpenSeconds: 2 is out of range" },
        { ["device", "add", "door", "door-2", "--simulated", "--held-open", "abc"], "bad command line" },
        { ["device", "edit", "door-9", "--held-open", "60"], "no device 'door-9'" },
        { ["device", "edit", "door-1"], "nothing to change for 'door-1'" },
        { ["device", "edit", "door-1", "--simulated", "--line", "5"], "contradict each other" },
        { ["device", "add", "smoke", "smoke-1", "--bus", "bus-1", "--port", "/dev/x", "--slave", "1", "--profile", "x.yaml", "--alarm-line", "3"], "--alarm-line do(es) not apply" },
        { ["device", "edit", "door-1", "--unset", "id"], "the id cannot be removed" },
        { ["device", "edit", "door-1", "--chip", "gpiochip1"], "doors[0].chip: 'chip' applies to GPIO doors only" },
        { ["device", "remove", "door-9"], "no device 'door-9'" },
    };

    [Theory]
    [MemberData(nameof(RefusedCommands))]
    public Task A_refused_command_leaves_the_file_byte_identical(string[] args, string message) =>
        RefusedEdit.AssertAsync(ConfigPath, args, message);

    [Fact]
    public async Task An_edit_the_loader_refuses_is_reported_with_file_line_and_column()
    {
        var result = await Run("device", "add", "door", "door-2", "--simulated", "--held-open", "2", "--json");

        Assert.Equal(ExitCodes.BadUsage, result.ExitCode);
        var details = result.Json().GetProperty("details").EnumerateArray().Select(d => d.GetString()).ToList();
        Assert.Contains(details, d => d!.StartsWith($"{ConfigPath}:14:22: doors[1].heldOpenSeconds: 2 is out of range", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_config_with_a_syntax_error_is_refused_with_its_position_and_what_to_do()
    {
        var broken = "gateway:\n  id: gw-t1\n   community: cm-t\n";
        await File.WriteAllTextAsync(ConfigPath, broken);

        var result = await Edgesec.RunAsync("device", "add", "door", "door-2", "--simulated", "--config", ConfigPath, "--lang", "zh-CN");

        Assert.Equal(ExitCodes.BadUsage, result.ExitCode);
        Assert.Contains("有 YAML 语法错误，无法编辑；未做任何修改", result.Error, StringComparison.Ordinal);
        Assert.Contains($"{ConfigPath}:3:", result.Error, StringComparison.Ordinal);
        Assert.Contains($"edgesec config validate --config {ConfigPath}", result.Error, StringComparison.Ordinal);
        Assert.Equal(broken, await File.ReadAllTextAsync(ConfigPath));
    }

    [Fact]
    public async Task A_read_only_file_is_left_alone_with_exit_3()
    {
        File.SetUnixFileMode(ConfigPath, UnixFileMode.UserRead | UnixFileMode.GroupRead);
        var before = await File.ReadAllBytesAsync(ConfigPath);

        var result = await Run("device", "add", "door", "door-2", "--simulated");

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Contains("is read-only", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(ConfigPath));
        Assert.Single(Directory.GetFiles(_directory.Path));
    }

    [Fact]
    public async Task The_replaced_file_keeps_its_mode_owner_and_group()
    {
        File.SetUnixFileMode(ConfigPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        var owner = Environment.IsPrivilegedProcess ? "65534:65534" : null;
        if (owner is not null)
            await Tool.RunAsync("chown", owner, ConfigPath);
        var before = await Tool.RunAsync("stat", "-c", "%a %u:%g", ConfigPath);

        Assert.Equal(0, (await Run("device", "add", "door", "door-2", "--simulated")).ExitCode);

        Assert.Equal(before, await Tool.RunAsync("stat", "-c", "%a %u:%g", ConfigPath));
        Assert.StartsWith("640", before, StringComparison.Ordinal);
        if (owner is not null)
            Assert.EndsWith(owner, before.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_config_that_is_a_symlink_stays_a_symlink_and_its_target_is_replaced()
    {
        var target = _directory.Combine("managed/agent.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(ConfigPath, target);
        File.CreateSymbolicLink(ConfigPath, target);

        Assert.Equal(0, (await Run("device", "add", "door", "door-2", "--simulated")).ExitCode);

        Assert.Equal(target, new FileInfo(ConfigPath).LinkTarget);
        Assert.Contains("door-2", await File.ReadAllTextAsync(target), StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(target)!));
    }

    [Fact]
    public async Task A_crlf_file_with_a_bom_keeps_both()
    {
        var original = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Original.Replace("\n", "\r\n", StringComparison.Ordinal))).ToArray();
        await File.WriteAllBytesAsync(ConfigPath, original);

        Assert.Equal(0, (await Run("device", "add", "smoke", "smoke-1", "--simulated", "--name", "大堂烟感")).ExitCode);

        var expected = Original.Replace("(decided later)\n", "(decided later)\nsmokeDetectors:\n  - id: smoke-1\n    name: 大堂烟感\n    source: simulated\n", StringComparison.Ordinal);
        Assert.Equal(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(expected.Replace("\n", "\r\n", StringComparison.Ordinal))), await File.ReadAllBytesAsync(ConfigPath));
        Assert.Equal("大堂烟感", Loaded().SmokeDetectors[0].Name);
    }

    [Fact]
    public async Task The_real_process_adds_a_door_in_chinese_and_config_validate_passes()
    {
        var result = await Edgesec.RunProcessAsync("zh_CN.UTF-8", "device", "add", "door", "door-2", "--simulated", "--building", "5", "--config", ConfigPath);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("已将门 door-2 添加到", result.Output, StringComparison.Ordinal);
        var validate = await Edgesec.RunProcessAsync("en_US.UTF-8", "config", "validate", "--config", ConfigPath);
        Assert.True(validate.ExitCode == 0, validate.ToString());
        Assert.Contains("2 door(s)", validate.Output, StringComparison.Ordinal);
    }
}
