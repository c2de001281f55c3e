using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Configuration.Editing;

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
/// Every change <c>device</c> and <c>zone</c> make goes through here: read the file (<see cref="ConfigText"/>), edit its
/// text, check the result with the agent's own loader, and only then replace the file atomically. A refused or failed
/// edit leaves the file byte for byte as it was.
/// </summary>
internal static class ConfigEdit
{
    public static int Apply(CliOutput output, string path, Func<YamlTextDocument, EditOutcome> edit)
    {
        var messages = output.Messages;
        if (ConfigText.TryRead(path, whenMissing: null, out var problem) is not { } config)
            return Fail(output, path, problem!);
        switch (edit(config.Document))
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
                    config.Write(changed.Document);
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

    private static int Fail(CliOutput output, string path, ConfigReadProblem problem)
    {
        var messages = output.Messages;
        return problem.Failure switch
        {
            ConfigReadFailure.NotFound => output.Fail(ExitCodes.BadUsage, messages.ConfigNotFound(path)),
            ConfigReadFailure.NotReadable => output.Fail(ExitCodes.Unreachable, messages.ConfigNotReadable(path, problem.Reason)),
            ConfigReadFailure.NotUtf8 => output.Fail(ExitCodes.BadUsage, messages.ConfigNotUtf8(path)),
            _ => output.Fail(ExitCodes.BadUsage, messages.ConfigSyntaxError(path),
                [$"{path}:{problem.At?.Line}:{problem.At?.Column}: invalid YAML: {problem.Reason}", messages.FixSyntaxFirst(path)]),
        };
    }
}
