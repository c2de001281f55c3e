using System.Text;
using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Configuration.Editing;
using YamlDotNet.Core;

namespace EdgeSecurity.Cli.Config;

/// <summary>What an edit of the agent's config came to: a new text to check and write, or a refusal.</summary>
internal abstract record EditOutcome
{
    public sealed record Changed(YamlTextDocument Document, string Message, object Json) : EditOutcome;

    public sealed record Refused(string Message, IReadOnlyList<string>? Details = null) : EditOutcome;

    /// <summary>The config already says so: nothing is written.</summary>
    public sealed record Unchanged(string Message, object Json) : EditOutcome;
}

/// <summary>
/// Every change to the agent's config goes through here: read the file, edit its text, check the result with the agent's
/// own loader, and only then replace the file atomically. A refused or failed edit leaves the file byte for byte as it was.
/// </summary>
internal static class ConfigEdit
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static int Apply(CliOutput output, string path, Func<YamlTextDocument, EditOutcome> edit)
    {
        var exitCode = ExitCodes.Ok;
        var document = Open(output, path, out var bom, ref exitCode);
        if (document is null)
            return exitCode;
        var messages = output.Messages;
        switch (edit(document))
        {
            case EditOutcome.Refused refused:
                return output.Fail(ExitCodes.BadUsage, refused.Message, refused.Details);
            case EditOutcome.Unchanged unchanged:
                if (output.Json)
                    output.WriteJson(unchanged.Json);
                output.Line(unchanged.Message);
                return ExitCodes.Ok;
            case EditOutcome.Changed changed:
                var check = ConfigLoader.Parse(changed.Document.Text, path, Path.GetDirectoryName(Path.GetFullPath(path))!);
                if (!check.Succeeded)
                    return output.Fail(ExitCodes.BadUsage, messages.EditWouldBreakConfig(path), [.. check.Errors.Select(e => e.ToString())]);
                if (!AtomicFile.IsWritable(path))
                    return output.Fail(ExitCodes.Unreachable, messages.ConfigReadOnly(path));
                try
                {
                    AtomicFile.Replace(path, [.. (bom ? Utf8Bom : []), .. StrictUtf8.GetBytes(changed.Document.Text)]);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    return output.Fail(ExitCodes.Unreachable, messages.ConfigNotWritten(path, e.Message));
                }
                if (output.Json)
                    output.WriteJson(changed.Json);
                output.Line(changed.Message);
                return ExitCodes.Ok;
            default:
                throw new InvalidOperationException("an edit outcome is either changed or refused");
        }
    }

    private static YamlTextDocument? Open(CliOutput output, string path, out bool bom, ref int exitCode)
    {
        var messages = output.Messages;
        bom = false;
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            exitCode = output.Fail(ExitCodes.BadUsage, messages.ConfigNotFound(path));
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            exitCode = output.Fail(ExitCodes.Unreachable, messages.ConfigNotReadable(path, e.Message));
            return null;
        }
        bom = bytes.AsSpan().StartsWith(Utf8Bom);
        string text;
        try
        {
            text = StrictUtf8.GetString(bom ? bytes[Utf8Bom.Length..] : bytes);
        }
        catch (DecoderFallbackException)
        {
            exitCode = output.Fail(ExitCodes.BadUsage, messages.ConfigNotUtf8(path));
            return null;
        }
        try
        {
            return YamlTextDocument.Parse(text);
        }
        catch (YamlException e)
        {
            exitCode = output.Fail(ExitCodes.BadUsage, messages.ConfigSyntaxError(path),
                [$"{path}:{e.Start.Line}:{e.Start.Column}: invalid YAML: {e.Message}", messages.FixSyntaxFirst(path)]);
            return null;
        }
    }
}
