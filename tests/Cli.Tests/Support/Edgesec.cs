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
    public static Task<CliResult> RunProcessAsync(string locale, params string[] args) => RunProcessAsync(locale, ProcessTimeout, args);

    /// <summary>As above, for a command that waits on purpose (a walk test) longer than the usual limit.</summary>
    public static async Task<CliResult> RunProcessAsync(string locale, TimeSpan timeout, params string[] args)
    {
        // Only LANG decides the language, as on an installer's laptop with no overrides set.
        var environment = new Dictionary<string, string?> { ["LC_ALL"] = null, ["LC_MESSAGES"] = null, ["LANG"] = locale };
        await using var process = ServiceProcess.StartDotnet(Dll, args, RepositoryLayout.Root, environment);
        var exitCode = await process.WaitForExitAsync(timeout);
        return new CliResult(exitCode, process.StandardOutput, process.StandardError);
    }
}
