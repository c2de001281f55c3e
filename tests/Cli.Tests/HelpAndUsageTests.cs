using EdgeSecurity.Cli.Localization;
using EdgeSecurity.Cli.Tests.Support;

namespace EdgeSecurity.Cli.Tests;

/// <summary>Help in both languages, the language choice, and bad command lines: exit code 2, no stack trace.</summary>
public sealed class HelpAndUsageTests
{
    [Fact]
    public async Task The_real_process_prints_help_in_the_language_of_the_os_locale()
    {
        var english = await Edgesec.RunProcessAsync("en_US.UTF-8", "--help");
        var chinese = await Edgesec.RunProcessAsync("zh_CN.UTF-8", "--help");

        Assert.Equal(0, english.ExitCode);
        Assert.Contains("Usage:", english.Output, StringComparison.Ordinal);
        Assert.Contains("EdgeSecurity installer tool", english.Output, StringComparison.Ordinal);
        Assert.Contains("serial", english.Output, StringComparison.Ordinal);
        Assert.Equal(0, chinese.ExitCode);
        Assert.Contains("用法", chinese.Output, StringComparison.Ordinal);
        Assert.Contains("EdgeSecurity 安装调试工具", chinese.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Show help and usage information", chinese.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "Find the Modbus slave ids answering on a bus", "--baud")]
    [InlineData("zh-CN", "查找总线上应答的 Modbus 从站地址", "总线波特率")]
    public async Task Lang_overrides_the_locale_for_a_subcommands_help(string language, string description, string option)
    {
        var result = await Edgesec.RunAsync("serial", "scan", "--help", "--lang", language);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(description, result.Output, StringComparison.Ordinal);
        Assert.Contains(option, result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("zh_CN.UTF-8", null, Language.SimplifiedChinese)]
    [InlineData("en_US.UTF-8", "zh_TW.UTF-8", Language.SimplifiedChinese)]
    [InlineData("zh_CN.UTF-8", "C", Language.English)]
    [InlineData(null, null, Language.English)]
    public void The_default_language_comes_from_LC_ALL_over_LANG(string? lang, string? lcAll, Language expected)
    {
        var variables = new Dictionary<string, string?> { ["LANG"] = lang, ["LC_ALL"] = lcAll };

        Assert.Equal(expected, LanguageNames.FromEnvironment(name => variables.GetValueOrDefault(name)));
    }

    [Theory]
    [InlineData("en", "bad command line:", "edgesec --help")]
    [InlineData("zh-CN", "命令行有误：", "edgesec --help")]
    public async Task An_unknown_command_exits_with_2_and_says_how_to_get_help(string language, string header, string hint)
    {
        var result = await Edgesec.RunAsync("comission", "--lang", language);

        Assert.Equal(ExitCodes.BadUsage, result.ExitCode);
        Assert.Contains(header, result.Error, StringComparison.Ordinal);
        Assert.Contains("comission", result.Error, StringComparison.Ordinal);
        Assert.Contains(hint, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_command_line_with_json_still_gives_one_json_document()
    {
        var result = await Edgesec.RunAsync("serial", "scan", "--json", "--lang", "en");

        Assert.Equal(ExitCodes.BadUsage, result.ExitCode);
        Assert.Equal(2, result.Json().GetProperty("exitCode").GetInt32());
        Assert.Contains("'scan'", result.Json().GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unsupported_language_is_a_usage_error()
    {
        var result = await Edgesec.RunAsync("status", "--lang", "fr");

        Assert.Equal(ExitCodes.BadUsage, result.ExitCode);
        Assert.Contains("zh-CN", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--ids", "0-300", "'0-300' is not a list of slave ids")]
    [InlineData("--baud", "1234", "1234 is not a supported baud rate")]
    [InlineData("--timeout", "soon", "'soon' is not a duration")]
    public async Task Bad_scan_values_exit_with_2_before_the_port_is_opened(string option, string value, string message)
    {
        var result = await Edgesec.RunAsync("serial", "scan", "/dev/does-not-exist", option, value, "--lang", "en");

        Assert.Equal(ExitCodes.BadUsage, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }
}
