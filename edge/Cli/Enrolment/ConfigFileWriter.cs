using System.Text;

namespace EdgeSecurity.Cli.Enrolment;

/// <summary>
/// Replaces the agent's config atomically: a temporary file in the same folder (mode 600: it holds the broker
/// password), written and flushed to disk, then renamed over the old one. A crash or a full disk leaves the old file
/// or the new one, never half of either.
/// </summary>
public static class ConfigFileWriter
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Proves before anything is spent (the code is single use) that the folder takes a new file.</summary>
    /// <exception cref="IOException">Also for a missing folder.</exception>
    /// <exception cref="UnauthorizedAccessException"></exception>
    public static void CheckWritable(string path)
    {
        var probe = TemporaryPath(path);
        using (Create(probe))
        {
        }
        File.Delete(probe);
    }

    /// <inheritdoc cref="CheckWritable"/>
    public static void Replace(string path, string content)
    {
        var temporary = TemporaryPath(path);
        try
        {
            using (var stream = Create(temporary))
            {
                stream.Write(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(content));
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, Path.GetFullPath(path), overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static FileStream Create(string path) =>
        new(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnly });

    private static string TemporaryPath(string path)
    {
        var full = Path.GetFullPath(path);
        return Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
    }
}
