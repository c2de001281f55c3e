using System.Diagnostics;

namespace EdgeSecurity.Cli.Tests.Support;

/// <summary>Runs a system tool (stat, chown) that must succeed, for what .NET has no call for.</summary>
public static class Tool
{
    public static async Task<string> RunAsync(string tool, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, args) { RedirectStandardOutput = true }) ?? throw new InvalidOperationException(tool);
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        return output;
    }
}
