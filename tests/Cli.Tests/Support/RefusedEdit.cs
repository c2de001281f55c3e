namespace EdgeSecurity.Cli.Tests.Support;

/// <summary>What every refused config edit (device, zone) must do: exit 2 with its reason, and leave the folder as it was.</summary>
public static class RefusedEdit
{
    public static async Task AssertAsync(string configPath, string[] args, string message)
    {
        var folder = Path.GetDirectoryName(configPath)!;
        var files = Directory.GetFiles(folder);
        var before = await File.ReadAllBytesAsync(configPath);

        var result = await Edgesec.RunAsync([.. args, "--config", configPath, "--lang", "en"]);

        Assert.Equal(ExitCodes.BadUsage, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(configPath));
        Assert.Equal(files, Directory.GetFiles(folder));
    }
}
