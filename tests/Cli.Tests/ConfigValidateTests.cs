using EdgeSecurity.Cli.Tests.Support;

namespace EdgeSecurity.Cli.Tests;

/// <summary><c>config validate</c> gives the agent loader's verdict, every error at its file position.</summary>
public sealed class ConfigValidateTests
{
    private static string Sample => Path.Combine(RepositoryLayout.Root, "edge", "Agent", "agent.sample.yaml");

    [Theory]
    [InlineData("en", "valid (gateway gw-demo-01, 2 door(s))")]
    [InlineData("zh-CN", "配置有效（网关 gw-demo-01，2 个门）")]
    public async Task The_agents_sample_is_valid(string language, string message)
    {
        var result = await Edgesec.RunAsync("config", "validate", "--config", Sample, "--lang", language);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains(message, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_file_lists_every_error_as_file_line_column_and_exits_with_2()
    {
        using var directory = new TempDirectory();
        var path = directory.Combine("agent.yaml");
        await File.WriteAllTextAsync(path, "gateway:\n  id: gw 1\n  community: cm-1\nbroker:\n  host: 127.0.0.1\n  prot: 1883\n");

        var result = await Edgesec.RunAsync("config", "validate", "--config", path, "--lang", "zh-CN");

        Assert.Equal(ExitCodes.BadUsage, result.ExitCode);
        Assert.Contains($"{path}：发现 2 个错误", result.Output, StringComparison.Ordinal);
        Assert.Contains($"{path}:2:7: gateway.id: 'gw 1' is not a valid id;", result.Output, StringComparison.Ordinal);
        Assert.Contains($"{path}:6:3: broker.prot: unknown key 'prot'", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_json_the_errors_are_a_list_with_their_positions()
    {
        using var directory = new TempDirectory();
        var path = directory.Combine("agent.yaml");
        await File.WriteAllTextAsync(path, "gateway: [unclosed\n");

        var result = await Edgesec.RunAsync("config", "validate", "--config", path, "--json");

        Assert.Equal(ExitCodes.BadUsage, result.ExitCode);
        var json = result.Json();
        Assert.False(json.GetProperty("valid").GetBoolean());
        var error = Assert.Single(json.GetProperty("errors").EnumerateArray());
        Assert.Equal(path, error.GetProperty("file").GetString());
        Assert.True(error.GetProperty("line").GetInt32() > 0);
        Assert.StartsWith("invalid YAML", error.GetProperty("problem").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_is_reported_and_exits_with_2()
    {
        using var directory = new TempDirectory();

        var result = await Edgesec.RunAsync("config", "validate", "--config", directory.Combine("absent.yaml"), "--lang", "en");

        Assert.Equal(ExitCodes.BadUsage, result.ExitCode);
        Assert.Contains("absent.yaml: file not found", result.Output, StringComparison.Ordinal);
    }
}
