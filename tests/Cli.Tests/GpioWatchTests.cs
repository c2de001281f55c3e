using EdgeSecurity.Cli.Tests.Support;

namespace EdgeSecurity.Cli.Tests;

/// <summary><c>gpio watch</c>: this machine has no GPIO chip, so the real backend's error path; the simulated backend's first value.</summary>
public sealed class GpioWatchTests
{
    [Theory]
    [InlineData("en", "cannot open the GPIO line: GPIO chip 'gpiochip0' was not found")]
    [InlineData("zh-CN", "无法打开 GPIO 线路：GPIO chip 'gpiochip0' was not found")]
    public async Task Without_a_gpio_chip_the_watch_exits_with_3_and_says_why(string language, string message)
    {
        var result = await Edgesec.RunAsync("gpio", "watch", "17", "--lang", language);

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_real_process_reports_a_missing_chip_as_json_with_exit_code_3()
    {
        var result = await Edgesec.RunProcessAsync("C", "gpio", "watch", "DOOR_1", "--chip", "gpiochip7", "--json");

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Equal(3, result.Json().GetProperty("exitCode").GetInt32());
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "gpiochip0:17: inactive (0) (initial)")]
    [InlineData(true, "gpiochip0:17: active (1) (initial)")]
    public async Task A_simulated_line_shows_its_initial_value_with_active_low_applied(bool activeLow, string line)
    {
        string[] args = ["gpio", "watch", "17", "--simulated", "--bias", "pull-up", "--debounce", "20ms", "--lang", "en"];

        var result = await Edgesec.RunAsync(activeLow ? [.. args, "--active-low"] : args);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains(line, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_simulated_line_by_name_answers_as_json()
    {
        var result = await Edgesec.RunAsync("gpio", "watch", "DOOR_1", "--simulated", "--json");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal("gpiochip0:DOOR_1", result.Json().GetProperty("line").GetString());
        Assert.False(result.Json().GetProperty("value").GetBoolean());
    }

    [Theory]
    [InlineData("--bias", "pullup", "'pullup' is not a bias")]
    [InlineData("--debounce", "-5ms", "'-5ms' is not a duration")]
    public async Task Bad_line_options_exit_with_2(string option, string value, string message)
    {
        var result = await Edgesec.RunAsync("gpio", "watch", "17", option, value, "--lang", "en");

        Assert.Equal(ExitCodes.BadUsage, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }
}
