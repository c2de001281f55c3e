using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Globalization;
using EdgeSecurity.Cli.Camera;
using EdgeSecurity.Cli.Commissioning;
using EdgeSecurity.Cli.Config;
using EdgeSecurity.Cli.Devices;
using EdgeSecurity.Cli.Enrolment;
using EdgeSecurity.Cli.Gpio;
using EdgeSecurity.Cli.Localization;
using EdgeSecurity.Cli.Report;
using EdgeSecurity.Cli.Serial;
using EdgeSecurity.Cli.Status;
using EdgeSecurity.Cli.Zones;

namespace EdgeSecurity.Cli;

/// <summary>The whole CLI behind one entry method, so tests run it in-process exactly as the process does.</summary>
public static class CliApp
{
    public const string Name = "edgesec";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var messages = new Messages(LanguageNames.Parse(LangArgument(args)) ?? LanguageNames.FromEnvironment(Environment.GetEnvironmentVariable));
        // System.CommandLine's own words (Usage, Options, its parse errors) follow the UI culture; it flows with this call only.
        CultureInfo.CurrentUICulture = messages.Culture;
        var options = new GlobalOptions(messages, output, error);
        ParseResult parseResult;
        try
        {
            parseResult = BuildRoot(options).Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
        {
            // An @argument names a response file; System.CommandLine reads it while parsing and lets a path with a
            // NUL in it throw (found by fuzzing). It is a bad command line like any other.
            return new CliOutput(output, error, args.Contains(GlobalOptions.JsonName), messages)
                .Fail(ExitCodes.BadUsage, $"{messages.BadCommandLine} {e.Message}", [messages.SeeHelp(Name)]);
        }

        if (parseResult.Errors.Count > 0)
        {
            var usage = new CliOutput(output, error, args.Contains(GlobalOptions.JsonName), messages);
            var command = CommandLineOf(parseResult.CommandResult);
            return usage.Fail(ExitCodes.BadUsage, $"{messages.BadCommandLine} {string.Join("; ", parseResult.Errors.Select(e => e.Message))}",
                [messages.SeeHelp(command)]);
        }

        var invocation = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            // Our actions report their own failures in the chosen language; a stack trace helps no installer.
            EnableDefaultExceptionHandler = false,
            // Program.cs owns Ctrl+C and passes it in as the token.
            ProcessTerminationTimeout = null,
        };
        try
        {
            return await parseResult.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return options.OutputFor(parseResult).Fail(ExitCodes.Failed, messages.Cancelled);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // A failure no command foresaw (a disk error, a device gone mid-run): one line that names it, not a stack trace.
            return options.OutputFor(parseResult).Fail(ExitCodes.Failed, messages.Unexpected(e.Message));
        }
    }

    private static RootCommand BuildRoot(GlobalOptions options)
    {
        var root = new RootCommand(options.Messages.RootDescription) { options.Json, options.Lang };
        // The built-in options come with English descriptions only; ours keep the help in one language.
        foreach (var option in root.Options)
        {
            option.Description = option switch
            {
                HelpOption => options.Messages.HelpOption,
                VersionOption => options.Messages.VersionOption,
                _ => option.Description,
            };
        }
        root.Subcommands.Add(ConfigCommands.Create(options));
        root.Subcommands.Add(StatusCommand.Create(options));
        root.Subcommands.Add(SerialCommands.Create(options));
        root.Subcommands.Add(GpioCommands.Create(options));
        root.Subcommands.Add(CameraCommands.Create(options));
        root.Subcommands.Add(DeviceCommands.Create(options));
        var zone = new Command("zone", options.Messages.ZoneCommand);
        foreach (var command in ZoneEditCommands.Create(options).Concat(ZoneDrawCommands.Create(options)))
            zone.Subcommands.Add(command);
        root.Subcommands.Add(zone);
        root.Subcommands.Add(EnrolCommand.Create(options));
        root.Subcommands.Add(TestCommands.Create(options));
        root.Subcommands.Add(ReportCommand.Create(options));
        return root;
    }

    /// <summary>"edgesec serial scan" for the help hint. The root's own name is the host's (testhost in-process), not what the installer types.</summary>
    private static string CommandLineOf(CommandResult command)
    {
        var names = new List<string>();
        for (SymbolResult? result = command; result is CommandResult current; result = current.Parent)
            names.Insert(0, current.Command is RootCommand ? Name : current.Command.Name);
        return string.Join(' ', names);
    }

    /// <summary>The --lang value, read before parsing because the help texts must already be in that language.</summary>
    private static string? LangArgument(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == GlobalOptions.LangName && i + 1 < args.Length)
                return args[i + 1];
            if (args[i].StartsWith(GlobalOptions.LangName + "=", StringComparison.Ordinal) || args[i].StartsWith(GlobalOptions.LangName + ":", StringComparison.Ordinal))
                return args[i][(GlobalOptions.LangName.Length + 1)..];
        }
        return null;
    }
}
