using EdgeSecurity.Configuration;
using EdgeSecurity.Modbus.Profiles;

namespace EdgeSecurity.Cli.Serial;

/// <summary>The device profiles a scan tries: the files named, or every profile installed with the CLI or in the repository.</summary>
public static class ProfileSet
{
    public const string InstalledFolder = "profiles";

    /// <summary>Where default profiles are looked for, first match wins: next to edgesec.dll, then hardware/profiles of a checkout.</summary>
    public static string DefaultDirectory()
    {
        var installed = Path.Combine(AppContext.BaseDirectory, InstalledFolder);
        if (Directory.EnumerateFiles(installed, "*.yaml").Any())
            return installed;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var repository = Path.Combine(dir.FullName, "hardware", InstalledFolder);
            if (Directory.Exists(repository))
                return repository;
        }
        return installed;
    }

    public static IReadOnlyList<string> DefaultFiles(string directory) =>
        Directory.Exists(directory) ? [.. Directory.EnumerateFiles(directory, "*.yaml").Order(StringComparer.Ordinal)] : [];

    /// <summary>Every file loaded, or the errors of those that failed (a scan with a broken profile would mislead).</summary>
    public static (IReadOnlyList<DeviceProfile> Profiles, IReadOnlyList<(string File, IReadOnlyList<ConfigError> Errors)> Failures) Load(IEnumerable<string> files)
    {
        var profiles = new List<DeviceProfile>();
        var failures = new List<(string, IReadOnlyList<ConfigError>)>();
        foreach (var file in files)
        {
            var result = DeviceProfileLoader.LoadFile(file);
            if (result.Profile is { } profile)
                profiles.Add(profile);
            else
                failures.Add((file, result.Errors));
        }
        return (profiles, failures);
    }
}
