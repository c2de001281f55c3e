using System.CommandLine;
using EdgeSecurity.Cli.Localization;

namespace EdgeSecurity.Cli;

/// <summary>The options every command has, and the output a command gets from them.</summary>
public sealed class GlobalOptions
{
    public const string JsonName = "--json";
    public const string LangName = "--lang";

    private readonly TextWriter _output;
    private readonly TextWriter _error;

    public GlobalOptions(Messages messages, TextWriter output, TextWriter error)
    {
        Messages = messages;
        _output = output;
        _error = error;
        Json = new Option<bool>(JsonName) { Description = messages.JsonOption, Recursive = true };
        Lang = new Option<string>(LangName) { Description = messages.LangOption, Recursive = true, HelpName = "zh-CN|en" };
        Lang.AcceptOnlyFromAmong([.. LanguageNames.All]);
    }

    public Messages Messages { get; }

    public Option<bool> Json { get; }

    public Option<string> Lang { get; }

    public CliOutput OutputFor(ParseResult parseResult) => new(_output, _error, parseResult.GetValue(Json), Messages);
}
