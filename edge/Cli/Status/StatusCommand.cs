using System.CommandLine;
using System.Net.Sockets;
using EdgeSecurity.Cli.Config;
using Spectre.Console;

namespace EdgeSecurity.Cli.Status;

/// <summary>
/// <c>edgesec status</c>: what the running agent says about itself, through its control socket: the gateway, broker,
/// mode and outbox, every device's health and every camera's rates.
/// </summary>
public static class StatusCommand
{
    public static Command Create(GlobalOptions options)
    {
        var messages = options.Messages;
        var socket = new Option<string>("--socket") { Description = messages.SocketOption, HelpName = "PATH" };
        var config = ConfigCommands.ConfigPathOption(messages.ConfigPathOption);
        var command = new Command("status", messages.StatusCommand) { socket, config };
        command.SetAction((parseResult, cancellationToken) =>
            RunAsync(options.OutputFor(parseResult), parseResult.GetValue(socket), parseResult.GetValue(config)!, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliOutput output, string? socketOption, string configPath, CancellationToken cancellationToken)
    {
        var messages = output.Messages;
        var socketPath = socketOption;
        if (socketPath is null)
        {
            if (ConfigCommands.Load(output, configPath) is not { } config)
                return ExitCodes.BadUsage;
            socketPath = config.ControlSocketPath;
        }

        string answer;
        try
        {
            answer = await ControlSocketClient.AskAsync(socketPath, "status json", cancellationToken).ConfigureAwait(false);
            // An agent from before status json refuses the argument: its one-line status still tells the essentials.
            if (answer.StartsWith("error:", StringComparison.Ordinal))
                answer = await ControlSocketClient.AskAsync(socketPath, "status", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or IOException or TimeoutException)
        {
            return output.Fail(ExitCodes.Unreachable, messages.AgentNotRunning(socketPath, Reason(e, messages)));
        }

        if (!answer.StartsWith("ok", StringComparison.Ordinal))
            return output.Fail(ExitCodes.Failed, messages.AgentRefused(answer));
        var status = AgentStatus.Parse(answer);
        if (output.Json)
            output.WriteJson(new StatusDocument(socketPath, status, answer));
        else if (status is null)
            output.Line(messages.UnparsedStatus(answer));
        else
            output.Console.Write(StatusTables.Render(status, messages));
        return ExitCodes.Ok;
    }

    /// <summary>The socket errors an installer meets, in words; .NET's own texts (ENOENT reads "Cannot assign requested address") mislead.</summary>
    internal static string Reason(Exception e, Localization.Messages messages) => e switch
    {
        SocketException { SocketErrorCode: SocketError.AddressNotAvailable } => messages.SocketMissing,
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => messages.SocketRefused,
        SocketException { SocketErrorCode: SocketError.AccessDenied } => messages.SocketDenied,
        _ => e.Message,
    };

    private sealed record StatusDocument(string Socket, AgentStatus? Status, string Answer);
}
