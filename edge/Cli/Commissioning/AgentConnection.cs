using System.CommandLine;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Cli.Config;
using EdgeSecurity.Cli.Status;

namespace EdgeSecurity.Cli.Commissioning;

/// <summary>
/// The running agent as the commissioning commands reach it: its socket from <c>--socket</c> or the config, and its
/// <c>ok {json}</c> answers read back, with each failure turned into the documented exit code.
/// </summary>
internal sealed class AgentConnection(CliOutput output, string socketPath)
{
    public string SocketPath => socketPath;

    public static Option<string> SocketOption(GlobalOptions options) =>
        new("--socket") { Description = options.Messages.SocketOption, HelpName = "PATH" };

    /// <summary>The socket named by <c>--socket</c>, else the config's; an invalid config is exit 2.</summary>
    public static (AgentConnection? Connection, int ExitCode) Resolve(CliOutput output, string? socketOption, string configPath)
    {
        if (socketOption is not null)
            return (new AgentConnection(output, socketOption), ExitCodes.Ok);
        var loaded = ConfigLoader.Load(configPath);
        if (loaded.Config is null)
            return (null, output.Fail(ExitCodes.BadUsage, output.Messages.ConfigInvalid(configPath, loaded.Errors.Count), [.. loaded.Errors.Select(e => e.ToString())]));
        return (new AgentConnection(output, loaded.Config.ControlSocketPath), ExitCodes.Ok);
    }

    /// <summary>The JSON of an <c>ok</c> answer; otherwise the failure is reported and its exit code returned.</summary>
    public async Task<(T? Value, int ExitCode)> AskAsync<T>(string command, JsonTypeInfo<T> type, CancellationToken cancellationToken, TimeSpan? answerTimeout = null)
        where T : class
    {
        var messages = output.Messages;
        string answer;
        try
        {
            answer = await ControlSocketClient.AskAsync(socketPath, command, cancellationToken, answerTimeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or IOException or TimeoutException)
        {
            return (null, output.Fail(ExitCodes.Unreachable, messages.AgentNotRunning(socketPath, StatusCommand.Reason(e, messages))));
        }
        if (!answer.StartsWith("ok {", StringComparison.Ordinal))
            return (null, output.Fail(ExitCodes.Failed, messages.AgentRefusedCommand(command, answer)));
        try
        {
            return (JsonSerializer.Deserialize(answer.AsSpan(3), type), ExitCodes.Ok);
        }
        catch (JsonException e)
        {
            return (null, output.Fail(ExitCodes.Failed, messages.AgentRefusedCommand(command, $"{answer} ({e.Message})")));
        }
    }
}
