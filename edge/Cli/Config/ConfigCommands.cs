using System.CommandLine;
using EdgeSecurity.Agent.Configuration;

namespace EdgeSecurity.Cli.Config;

/// <summary><c>edgesec config validate</c>: the agent's own loader, so the CLI never disagrees with the agent.</summary>
public static class ConfigCommands
{
    public static Command Create(GlobalOptions options)
    {
        var messages = options.Messages;
        var path = ConfigPathOption(messages.ConfigPathOption);
        var validate = new Command("validate", messages.ConfigValidateCommand) { path };
        validate.SetAction(parseResult => Validate(options.OutputFor(parseResult), parseResult.GetValue(path)!));
        return new Command("config", messages.ConfigCommand) { validate };
    }

    public static Option<string> ConfigPathOption(string description) => new("--config")
    {
        Description = description,
        HelpName = "PATH",
        DefaultValueFactory = _ => ConfigLoader.DefaultPath,
    };

    /// <summary>
    /// The config as the agent loads it, for the commands that read it (lists, status); null when it is invalid, after
    /// its errors are reported: the command then ends with <see cref="ExitCodes.BadUsage"/>.
    /// </summary>
    internal static AgentConfig? Load(CliOutput output, string path)
    {
        var result = ConfigLoader.Load(path);
        if (result.Config is null)
            output.Fail(ExitCodes.BadUsage, output.Messages.ConfigInvalid(path, result.Errors.Count), [.. result.Errors.Select(e => e.ToString())]);
        return result.Config;
    }

    private static int Validate(CliOutput output, string path)
    {
        var result = ConfigLoader.Load(path);
        if (result.Config is { } config)
        {
            if (output.Json)
                output.WriteJson(new ValidationDocument(path, true, config.Gateway.Id, config.Doors.Count, []));
            output.Line(output.Messages.ConfigValid(path, config.Gateway.Id, config.Doors.Count));
            return ExitCodes.Ok;
        }

        if (output.Json)
        {
            output.WriteJson(new ValidationDocument(path, false, null, null,
                [.. result.Errors.Select(e => new ErrorDocument(e.File, e.Line, e.Column, e.Path, e.Problem, e.Expected, e.ToString()))]));
        }
        output.Line(output.Messages.ConfigInvalid(path, result.Errors.Count));
        foreach (var error in result.Errors)
            output.Line(error.ToString());
        return ExitCodes.BadUsage;
    }

    private sealed record ValidationDocument(string File, bool Valid, string? Gateway, int? Doors, IReadOnlyList<ErrorDocument> Errors);

    private sealed record ErrorDocument(string File, int? Line, int? Column, string? Path, string Problem, string Expected, string Message);
}
