using System.Text;
using EdgeSecurity.Configuration.Editing;
using YamlDotNet.Core;

namespace EdgeSecurity.Cli.Config;

internal enum ConfigReadFailure { NotFound, NotReadable, NotUtf8, NotYaml }

/// <summary>Why the config could not be read for an edit; <see cref="At"/> is where YAML's parser stopped.</summary>
internal sealed record ConfigReadProblem(ConfigReadFailure Failure, string Reason, Mark? At = null);

/// <summary>
/// The agent's config read for a text edit: strict UTF-8, parsed with the position of every node. Every command that
/// changes the config reads it and writes it back through here (atomically, keeping a UTF-8 byte-order mark); how a
/// change is checked and reported is the command's.
/// </summary>
internal sealed class ConfigText
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly bool _bom;

    private ConfigText(string path, YamlTextDocument document, bool bom)
    {
        Path = path;
        Document = document;
        _bom = bom;
    }

    public string Path { get; }

    public YamlTextDocument Document { get; }

    /// <param name="whenMissing">The text a missing file starts from; null when a missing file is a problem.</param>
    public static ConfigText? TryRead(string path, string? whenMissing, out ConfigReadProblem? problem)
    {
        problem = null;
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            if (whenMissing is null)
            {
                problem = new ConfigReadProblem(ConfigReadFailure.NotFound, e.Message);
                return null;
            }
            bytes = StrictUtf8.GetBytes(whenMissing);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = new ConfigReadProblem(ConfigReadFailure.NotReadable, e.Message);
            return null;
        }
        var bom = bytes.AsSpan().StartsWith(Utf8Bom);
        try
        {
            return new ConfigText(path, YamlTextDocument.Parse(StrictUtf8.GetString(bom ? bytes[Utf8Bom.Length..] : bytes)), bom);
        }
        catch (DecoderFallbackException e)
        {
            problem = new ConfigReadProblem(ConfigReadFailure.NotUtf8, e.Message);
        }
        catch (YamlException e)
        {
            problem = new ConfigReadProblem(ConfigReadFailure.NotYaml, e.Message, e.Start);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's scanner and parser fail this way on some malformed input (found by fuzzing), without a position.
            problem = new ConfigReadProblem(ConfigReadFailure.NotYaml, e.Message);
        }
        return null;
    }

    /// <summary>Replaces the file with the edited text, atomically (see <see cref="AtomicFile.Replace"/>).</summary>
    /// <inheritdoc cref="AtomicFile.Replace" path="/param[@name='mode']|/exception"/>
    public void Write(YamlTextDocument edited, UnixFileMode? mode = null) =>
        AtomicFile.Replace(Path, [.. (_bom ? Utf8Bom : []), .. StrictUtf8.GetBytes(edited.Text)], mode);
}
