using System.Diagnostics;
using System.Text.Json;

namespace EdgeSecurity.Cli.Tests.Support;

/// <summary>What one run of edgesec printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error)
{
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Output);
        return document.RootElement.Clone();
    }

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}

/// <summary>Runs the CLI in-process through its entry method, or as the real process an installer starts.</summary>
public static class Edgesec
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(20);

    public static string Dll => Path.Combine(RepositoryLayout.Root, "edge", "Cli", "bin", RepositoryLayout.Configuration, "net10.0", "edgesec.dll");

    public static async Task<CliResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CliApp.RunAsync(args, output, error);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    /// <summary><c>dotnet edgesec.dll args</c> with the given locale, to the end.</summary>
    public static async Task<CliResult> RunProcessAsync(string locale, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Dll);
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment.Remove("LC_ALL");
        info.Environment.Remove("LC_MESSAGES");
        info.Environment["LANG"] = locale;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ProcessTimeout);
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await output, await error);
    }
}
