using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Cli.Tests.Support;
using EdgeSecurity.Video;

namespace EdgeSecurity.Cli.Tests;

/// <summary><c>zone add|remove|list</c>: zones checked against the camera's detect size, rules with them, the file otherwise untouched.</summary>
public sealed class ZoneCommandTests : IDisposable
{
    private const string Original = """
        gateway: { id: gw-t1, community: cm-t }
        broker:
          host: 127.0.0.1
        cameras:
          - id: cam-1              # 大门
            source: rtsp://192.168.1.64/stream1
            width: 640
            height: 360
            model: /usr/share/edgesecurity/models/yolox_nano_416.yaml
            zones:
              - name: lawn
                points: [[0, 0], [100, 0], [100, 100]]
            # rules come later
        """;

    private readonly TempDirectory _directory = new();

    public ZoneCommandTests()
    {
        ConfigPath = _directory.Combine("agent.yaml");
        File.WriteAllText(ConfigPath, Original);
    }

    private string ConfigPath { get; }

    public void Dispose() => _directory.Dispose();

    private Task<CliResult> Run(params string[] args) => Edgesec.RunAsync([.. args, "--config", ConfigPath, "--lang", "en"]);

    [Fact]
    public async Task A_zone_with_rules_is_added_listed_and_removed_back_to_the_original()
    {
        var add = await Run("zone", "add", "cam-1", "gate", "--polygon", "10,20 300,20 300,340 10,340", "--rule", "perimeter_intrusion", "--rule", "loitering");

        Assert.True(add.ExitCode == 0, add.ToString());
        var text = await File.ReadAllTextAsync(ConfigPath);
        Assert.Equal(Original.Replace("    # rules come later", """
                  - name: gate
                    points: [[10, 20], [300, 20], [300, 340], [10, 340]]
                rules:
                  - name: gate-perimeter-intrusion
                    type: perimeter_intrusion
                    zone: gate
                  - name: gate-loitering
                    type: loitering
                    zone: gate
                # rules come later
            """, StringComparison.Ordinal), text);
        var camera = Assert.Single(ConfigLoader.Load(ConfigPath).Config!.Cameras);
        Assert.Equal(4, camera.Zones.Single(z => z.Name == "gate").Points.Count);
        Assert.Equal(2, camera.Rules.Count);

        var list = await Run("zone", "list", "cam-1", "--json");
        var zones = list.Json().GetProperty("zones").EnumerateArray().ToList();
        Assert.Equal(["lawn", "gate"], zones.Select(z => z.GetProperty("name").GetString()));
        Assert.Equal(2, zones[1].GetProperty("rules").GetArrayLength());

        var refused = await Run("zone", "remove", "cam-1", "gate");
        Assert.Equal(ExitCodes.BadUsage, refused.ExitCode);
        Assert.Contains("add --with-rules", refused.Error, StringComparison.Ordinal);

        var removed = await Run("zone", "remove", "cam-1", "gate", "--with-rules");
        Assert.True(removed.ExitCode == 0, removed.ToString());
        Assert.Equal(Original.Replace("    # rules come later", "    rules:\n    # rules come later", StringComparison.Ordinal), await File.ReadAllTextAsync(ConfigPath));
        Assert.Equal(0, (await Edgesec.RunAsync("config", "validate", "--config", ConfigPath)).ExitCode);
    }

    [Fact]
    public async Task A_relative_line_is_written_with_its_kind_and_units()
    {
        var add = await Run("zone", "add", "cam-1", "door-line", "--kind", "line", "--relative", "--polygon", "0.5,0 0.5,1");

        Assert.True(add.ExitCode == 0, add.ToString());
        var zone = ConfigLoader.Load(ConfigPath).Config!.Cameras[0].Zones.Single(z => z.Name == "door-line");
        Assert.Equal((ZoneKind.Line, ZoneUnits.Relative), (zone.Kind, zone.Units));
    }

    [Fact]
    public async Task Zone_list_shows_a_table_and_an_invalid_config_gives_its_errors()
    {
        var table = await Edgesec.RunAsync("zone", "list", "--config", ConfigPath, "--lang", "zh-CN");

        Assert.Equal(0, table.ExitCode);
        foreach (var expected in new[] { "摄像头", "区域", "坐标点", "cam-1", "lawn", "0,0 100,0 100,100" })
            Assert.Contains(expected, table.Output, StringComparison.Ordinal);

        await File.WriteAllTextAsync(ConfigPath, Original.Replace("width: 640", "width: 64000", StringComparison.Ordinal));
        var invalid = await Run("zone", "list");
        Assert.Equal(ExitCodes.BadUsage, invalid.ExitCode);
        Assert.Contains($"{ConfigPath}:7:12: cameras[0].width: 64000 is out of range", invalid.Error, StringComparison.Ordinal);
    }

    public static TheoryData<string[], string> RefusedCommands => new()
    {
        { ["zone", "add", "cam-9", "gate", "--polygon", "0,0 1,0 1,1"], "no camera 'cam-9' in the config; cameras: cam-1" },
        { ["zone", "add", "cam-1", "lawn", "--polygon", "0,0 10,0 10,10"], "already has a zone 'lawn'" },
        { ["zone", "add", "cam-1", "gate", "--polygon", "0,0 10,0"], "an area needs at least 3 points; 2 given" },
        { ["zone", "add", "cam-1", "gate", "--polygon", "0,0 700,0 700,300"], "points outside camera cam-1's 640×360 detect frame" },
        { ["zone", "add", "cam-1", "gate", "--polygon", "0,0 x,1 2,2"], "is not a list of points" },
        { ["zone", "add", "cam-1", "gate", "--polygon", "0,0 100,100 100,0 0,100"], "the polygon crosses itself" },
        { ["zone", "add", "cam-1", "gate", "--polygon", "0,0 10,0 10,10", "--rule", "jumping"], "bad command line" },
        { ["zone", "remove", "cam-1", "pond"], "camera cam-1 has no zone 'pond'; zones: lawn" },
    };

    [Theory]
    [MemberData(nameof(RefusedCommands))]
    public Task A_refused_zone_command_leaves_the_file_byte_identical(string[] args, string message) =>
        RefusedEdit.AssertAsync(ConfigPath, args, message);
}
