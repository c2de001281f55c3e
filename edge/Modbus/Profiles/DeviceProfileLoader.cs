using EdgeSecurity.Configuration;
using EdgeSecurity.Modbus.Profiles.Loading;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EdgeSecurity.Modbus.Profiles;

/// <summary>Loads device profiles from YAML, reporting every problem of a file at once with its line and column.</summary>
public static class DeviceProfileLoader
{
    private const string ProfileExpected = "a device profile in YAML, like those in hardware/profiles/";

    public static ProfileLoadResult LoadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Failed(path, "file not found", ProfileExpected);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Failed(path, $"cannot be read: {ex.Message}", ProfileExpected);
        }
        return LoadText(text, path);
    }

    /// <param name="source">The name errors are reported against, usually the file's path.</param>
    public static ProfileLoadResult LoadText(string yaml, string source)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var errors = new ConfigErrors(source);
        if (YamlText.Load(yaml, errors, ProfileExpected) is not { } stream)
            return new ProfileLoadResult(null, errors.InFileOrder());

        if (stream.Documents.Count == 0)
            return Failed(source, "is empty", ProfileExpected);
        if (stream.Documents.Count > 1)
            errors.Add(stream.Documents[1].RootNode.Start, null, $"holds {stream.Documents.Count} YAML documents", "one profile per file");

        var profile = new ProfileReader(errors).Read(stream.Documents[0].RootNode);
        return errors.Any ? new ProfileLoadResult(null, errors.InFileOrder()) : new ProfileLoadResult(profile, []);
    }

    private static ProfileLoadResult Failed(string source, string problem, string expected)
    {
        var errors = new ConfigErrors(source);
        errors.AddForFile(problem, expected);
        return new ProfileLoadResult(null, errors.InFileOrder());
    }
}
