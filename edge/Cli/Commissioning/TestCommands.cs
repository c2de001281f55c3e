using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using EdgeSecurity.Agent.Commissioning;
using EdgeSecurity.Cli.Config;
using Spectre.Console;

namespace EdgeSecurity.Cli.Commissioning;

/// <summary>
/// <c>edgesec test walk</c> (every device triggered once, with a live checklist) and <c>edgesec test alarm</c> (a test
/// alarm to the hub and back), both carried out by the running agent through its control socket.
/// </summary>
public static class TestCommands
{
    private const string DefaultWalkTimeout = "30m";
    private const string DefaultAlarmTimeout = "30s";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    // The agent answers a test alarm when its own wait ends; the socket's wait must outlast it.
    private static readonly TimeSpan AnswerMargin = TimeSpan.FromSeconds(5);

    public static Command Create(GlobalOptions options)
    {
        var messages = options.Messages;
        var walkSocket = AgentConnection.SocketOption(options);
        var walkConfig = ConfigCommands.ConfigPathOption(messages.ConfigPathOption);
        var walkTimeout = new Option<string>("--timeout") { Description = messages.WalkTimeoutOption, DefaultValueFactory = _ => DefaultWalkTimeout };
        var walk = new Command("walk", messages.TestWalkCommand) { walkTimeout, walkSocket, walkConfig };
        walk.SetAction((parseResult, cancellationToken) => WalkAsync(options.OutputFor(parseResult), parseResult.GetValue(walkSocket),
            parseResult.GetValue(walkConfig)!, parseResult.GetValue(walkTimeout)!, cancellationToken));

        var alarmSocket = AgentConnection.SocketOption(options);
        var alarmConfig = ConfigCommands.ConfigPathOption(messages.ConfigPathOption);
        var alarmTimeout = new Option<string>("--timeout") { Description = messages.AlarmTimeoutOption, DefaultValueFactory = _ => DefaultAlarmTimeout };
        var alarm = new Command("alarm", messages.TestAlarmCommand) { alarmTimeout, alarmSocket, alarmConfig };
        alarm.SetAction((parseResult, cancellationToken) => AlarmAsync(options.OutputFor(parseResult), parseResult.GetValue(alarmSocket),
            parseResult.GetValue(alarmConfig)!, parseResult.GetValue(alarmTimeout)!, cancellationToken));

        return new Command("test", messages.TestCommand) { walk, alarm };
    }

    private static async Task<int> WalkAsync(CliOutput output, string? socket, string configPath, string timeoutText, CancellationToken cancellationToken)
    {
        var messages = output.Messages;
        if (!Durations.TryParse(timeoutText, out var timeout) || timeout < TimeSpan.FromSeconds(1) || timeout > WalkTest.LongestDuration)
            return output.Fail(ExitCodes.BadUsage, messages.InvalidWalkTimeout(timeoutText));
        var (agent, exitCode) = AgentConnection.Resolve(output, socket, configPath);
        if (agent is null)
            return exitCode;

        var seconds = ((int)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var (state, startFailure) = await agent.AskAsync($"walktest start {seconds}", CommissioningJsonContext.Default.WalkTestState, cancellationToken).ConfigureAwait(false);
        if (state is null)
            return startFailure;
        if (state.Devices.Count == 0)
        {
            await agent.AskAsync("walktest stop", CommissioningJsonContext.Default.WalkTestState, CancellationToken.None).ConfigureAwait(false);
            return output.Fail(ExitCodes.BadUsage, messages.WalkNoDevices);
        }

        var display = WalkDisplay.For(output, state);
        var (final, failure) = await display.RunAsync(() => FollowAsync(agent, state, display, cancellationToken)).ConfigureAwait(false);
        if (final is null)
            return failure;
        return Finish(output, agent.SocketPath, final);
    }

    /// <summary>Asks for the checklist until the walk test ends; Ctrl+C stops it at the agent, so test mode never outlives the CLI's run.</summary>
    private static async Task<(WalkTestState? State, int ExitCode)> FollowAsync(AgentConnection agent, WalkTestState state, WalkDisplay display, CancellationToken cancellationToken)
    {
        while (state.Active)
        {
            try
            {
                await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return await agent.AskAsync("walktest stop", CommissioningJsonContext.Default.WalkTestState, CancellationToken.None).ConfigureAwait(false);
            }
            var (next, failure) = await agent.AskAsync("walktest status", CommissioningJsonContext.Default.WalkTestState, CancellationToken.None).ConfigureAwait(false);
            if (next is null)
                return (null, failure);
            state = next;
            display.Show(state);
        }
        return (state, ExitCodes.Ok);
    }

    private static int Finish(CliOutput output, string socket, WalkTestState state)
    {
        var messages = output.Messages;
        var missing = state.Devices.Where(d => d.FiredAt is null).ToList();
        var outcome = state.Summary?.Outcome ?? WalkTest.Stopped;
        if (output.Json)
        {
            output.WriteJson(new WalkDocument(socket, outcome, state.Summary?.StartedAt, state.Summary?.EndedAt,
                [.. state.Devices.Select(d => new WalkDeviceDocument(d.Id, d.Kind, d.Name, d.FiredAt, d.What))], [.. missing.Select(d => d.Id)]));
        }
        if (missing.Count == 0)
        {
            if (!output.Json)
                output.Line(messages.WalkPassed(state.Devices.Count));
            return ExitCodes.Ok;
        }
        var reason = outcome == WalkTest.Expired ? messages.WalkExpired : messages.WalkStopped;
        return output.Json
            ? ExitCodes.Failed
            : output.Fail(ExitCodes.Failed, messages.WalkIncomplete(reason, missing.Count, state.Devices.Count),
                [.. missing.Select(d => $"{d.Id} ({messages.KindName(d.Kind)}{(d.Name is null ? "" : ", " + d.Name)})")]);
    }

    private static async Task<int> AlarmAsync(CliOutput output, string? socket, string configPath, string timeoutText, CancellationToken cancellationToken)
    {
        var messages = output.Messages;
        if (!Durations.TryParse(timeoutText, out var timeout) || timeout < TimeSpan.FromSeconds(1) || timeout > TimeSpan.FromMinutes(10))
            return output.Fail(ExitCodes.BadUsage, messages.InvalidAlarmTimeout(timeoutText));
        var (agent, exitCode) = AgentConnection.Resolve(output, socket, configPath);
        if (agent is null)
            return exitCode;

        var seconds = ((int)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        if (!output.Json)
            output.ProgressConsole.MarkupLine(Markup.Escape(messages.TestAlarmSending(timeout.TotalSeconds)));
        var started = Stopwatch.GetTimestamp();
        var (result, failure) = await agent.AskAsync($"testalarm {seconds}", CommissioningJsonContext.Default.TestAlarmResult, cancellationToken,
            timeout + AnswerMargin).ConfigureAwait(false);
        if (result is null)
            return failure;
        var cliRoundTrip = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (output.Json)
            output.WriteJson(new AlarmDocument(agent.SocketPath, result.EventId, result.Confirmed, result.RoundTripMilliseconds, cliRoundTrip, result.TimeoutSeconds));
        if (!result.Confirmed)
        {
            var message = messages.TestAlarmNotConfirmed(result.TimeoutSeconds, result.EventId.ToString());
            return output.Json ? ExitCodes.Failed : output.Fail(ExitCodes.Failed, message, [messages.TestAlarmAdviceBroker, messages.TestAlarmAdviceHub]);
        }
        output.Line(messages.TestAlarmConfirmed(result.RoundTripMilliseconds ?? cliRoundTrip, result.EventId.ToString()));
        return ExitCodes.Ok;
    }

    private sealed record WalkDeviceDocument(string Id, string Kind, string? Name, DateTimeOffset? FiredAt, string? What);

    private sealed record WalkDocument(string Socket, string Outcome, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt,
        IReadOnlyList<WalkDeviceDocument> Devices, IReadOnlyList<string> Missing);

    private sealed record AlarmDocument(string Socket, Guid EventId, bool Confirmed, double? RoundTripMilliseconds, double CliRoundTripMilliseconds, double TimeoutSeconds);
}
