using System.Text;
using System.Text.Json;
using EdgeSecurity.Cli;

namespace EdgeSecurity.Fuzz.Tests;

/// <summary>
/// edgesec's argument parsing, in-process through <see cref="CliApp.RunAsync"/> with random argument vectors built
/// from its own words: never an unhandled exception, always a documented exit code, always a message. Paths point
/// into a temp directory (an existing config, a file of garbage, nothing) and sockets nowhere, so no run waits long.
/// </summary>
public sealed class CliFuzzTests : IDisposable
{
    private static readonly int[] DocumentedExitCodes = [ExitCodes.Ok, ExitCodes.Failed, ExitCodes.BadUsage, ExitCodes.Unreachable];
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(3);

    private static readonly string[] Words =
    [
        "config", "validate", "status", "serial", "scan", "gpio", "watch", "camera", "probe", "device", "add", "list", "edit", "remove",
        "zone", "enroll", "test", "walk", "alarm", "report", "--help", "-h", "-?", "--version", "--json", "--lang", "--", "-",
        "--active-low", "--alarm-line", "--armed", "--armed-during", "--baud", "--bias", "--building", "--bus", "--care-hours", "--chatter-edges",
        "--chatter-seconds", "--chip", "--code", "--config", "--contact", "--debounce", "--detect-fps", "--fault-line", "--floor", "--fps",
        "--grid", "--height", "--held-open", "--hub", "--ids", "--kind", "--line", "--loop", "--model", "--model-directory", "--name", "--out",
        "--parity", "--polygon", "--port", "--profile", "--quiet-hours", "--real-time", "--relative", "--release-line", "--release-window",
        "--room", "--rule", "--simulated", "--slave", "--snapshot", "--socket", "--stuck-line-hours", "--tamper-line", "--telemetry-seconds",
        "--timeout", "--unit", "--unset", "--url", "--width", "--with-rules",
    ];

    private static readonly string[] Values =
    [
        "en", "zh-CN", "zh", "xx", "1", "0", "-1", "247", "9600", "115200", "65536", "1.5", "abc", "1s", "500ms", "22:00-06:00", "none",
        "pull-up", "even", "door-1", "smoke-1", "cam-1", "0,0,1,0,1,1", "0.1,0.1,0.9,0.9", "http://127.0.0.1:9/", "rtsp://127.0.0.1:9/x",
        "ftp://x", "/dev/null", "/nonexistent/gpiochip9", "/nonexistent/ttyFuzz",
    ];

    private readonly TempDirectory _directory = new("cli-fuzz");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Random_argument_vectors_end_with_a_documented_exit_code_and_a_message()
    {
        var config = _directory.Combine("agent.yaml");
        File.Copy(Path.Combine(RepositoryLayout.Root, "edge", "Agent", "agent.sample.yaml"), config);
        var garbage = _directory.Combine("garbage.yaml");
        await File.WriteAllBytesAsync(garbage, [0xFF, 0xFE, 0x00, (byte)'{', (byte)':']);
        string[] paths = [config, garbage, _directory.Combine("missing.yaml"), _directory.Combine("out.jpg"), _directory.Combine("agent.sock"), _directory.Path];

        var report = await Fuzzer.RunAsync("cli-args", FuzzSettings.ForSuite(TimeSpan.FromSeconds(3)), random => Arguments(random, paths),
            args => JsonSerializer.SerializeToUtf8Bytes(args), async args =>
            {
                using var output = new StringWriter();
                using var error = new StringWriter();
                using var timeout = new CancellationTokenSource(RunTimeout);
                var exitCode = await CliApp.RunAsync(args, output, error, timeout.Token);
                if (!DocumentedExitCodes.Contains(exitCode))
                    throw new InvalidOperationException($"exit code {exitCode} is not documented");
                var message = (error.ToString() + output.ToString()).Trim();
                if (exitCode == ExitCodes.Ok)
                    return message.Length > 0 ? FuzzVerdict.Accepted : FuzzVerdict.Rejected("silent_success", null);
                return FuzzVerdict.Rejected($"exit_{exitCode}", message);
            });

        Assert.True(report.IsClean, report.ToString());
        Assert.True(report.RejectedByReason.ContainsKey("exit_2"), report.Summary());
    }

    /// <summary>Found by fuzzing (seed 20261122, 60 s): a response file argument with a NUL threw ArgumentException out of RunAsync.</summary>
    [Fact]
    public async Task A_response_file_path_with_a_nul_is_a_bad_command_line()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.Equal(ExitCodes.BadUsage, await CliApp.RunAsync(["status", "@a\0b", "--lang", "en"], output, error));
        Assert.Contains("path", error.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A command path of the CLI's own words followed by options and values, or a mutation of one.</summary>
    private static string[] Arguments(Random random, string[] paths)
    {
        var args = new List<string>();
        for (var i = random.Next(0, 7); i > 0; i--)
        {
            args.Add(random.Next(6) switch
            {
                0 or 1 or 2 => Mutate.Pick(random, Words),
                3 => Mutate.Pick(random, Values),
                4 => Mutate.Pick(random, paths),
                _ => random.Next(2) == 0 ? Mutate.AwkwardString(random) : Mutate.HugeNumber(random),
            });
        }
        if (random.Next(4) == 0 && args.Count > 0)
        {
            var at = random.Next(args.Count);
            args[at] = Encoding.UTF8.GetString(Mutate.Bytes(random, Encoding.UTF8.GetBytes(args[at])));
        }
        return [.. args];
    }
}
