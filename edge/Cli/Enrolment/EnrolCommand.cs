using System.CommandLine;
using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Cli.Config;
using YamlDotNet.Core;

namespace EdgeSecurity.Cli.Enrolment;

/// <summary>
/// <c>edgesec enroll --hub URL --code CODE</c>: redeems a one-time code at the hub and writes the gateway's identity and
/// broker account into the agent's config. Everything that can be checked is checked before the code is spent.
/// </summary>
public static class EnrolCommand
{
    public static Command Create(GlobalOptions options)
    {
        var messages = options.Messages;
        var hub = new Option<string>("--hub") { Description = messages.EnrolHubOption, HelpName = "URL", Required = true };
        var code = new Option<string>("--code") { Description = messages.EnrolCodeOption, HelpName = "CODE", Required = true };
        var path = ConfigCommands.ConfigPathOption(messages.ConfigPathOption);
        var command = new Command("enroll", messages.EnrolCommand) { hub, code, path };
        command.SetAction((parseResult, ct) => RunAsync(options.OutputFor(parseResult), parseResult.GetValue(hub)!, parseResult.GetValue(code)!, parseResult.GetValue(path)!, ct));
        return command;
    }

    private static async Task<int> RunAsync(CliOutput output, string hubText, string code, string path, CancellationToken ct)
    {
        var messages = output.Messages;
        if (!Uri.TryCreate(hubText.EndsWith('/') ? hubText : hubText + "/", UriKind.Absolute, out var hub) || hub.Scheme is not ("http" or "https"))
            return output.Fail(ExitCodes.BadUsage, messages.EnrolBadHubUrl(hubText));

        string? existing;
        try
        {
            existing = File.Exists(path) ? await File.ReadAllTextAsync(path, ct).ConfigureAwait(false) : null;
            if (existing is not null)
                AgentConfigEdit.Apply(existing, []);
            ConfigFileWriter.CheckWritable(path);
        }
        catch (YamlException e)
        {
            return output.Fail(ExitCodes.BadUsage, messages.EnrolConfigNotYaml(path, $"line {e.Start.Line}, column {e.Start.Column}: {e.Message}"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return output.Fail(ExitCodes.BadUsage, messages.EnrolConfigNotWritable(path, e.Message));
        }

        var result = await HubEnrolmentClient.RedeemAsync(hub, code, ct).ConfigureAwait(false);
        if (result.Gateway is not { } gateway)
            return Refused(output, hubText, result);

        try
        {
            ConfigFileWriter.Replace(path, AgentConfigEdit.Apply(existing ?? messages.EnrolNewConfigHeader, Changes(gateway)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or YamlException)
        {
            return output.Fail(ExitCodes.Failed, messages.EnrolWriteFailedAfterRedeem(path, e.Message));
        }

        var problems = ConfigLoader.Load(path).Errors.Count;
        if (output.Json)
        {
            output.WriteJson(new EnrolDocument(Path.GetFullPath(path), gateway.GatewayId, gateway.Community, gateway.Place,
                new BrokerDocument(gateway.Broker.Host, gateway.Broker.Port, gateway.Broker.Username), problems));
        }
        output.Line(messages.Enrolled(gateway.GatewayId, gateway.Place.Name, gateway.Community, string.Join(" / ", gateway.Place.Path),
            $"{gateway.Broker.Host}:{gateway.Broker.Port}", gateway.Broker.Username, Path.GetFullPath(path)));
        if (problems > 0)
            output.Line(messages.EnrolledConfigProblems(path, problems));
        return ExitCodes.Ok;
    }

    private static (string, string, string)[] Changes(EnrolledGateway gateway) =>
    [
        ("gateway", "id", AgentConfigEdit.Text(gateway.GatewayId)),
        ("gateway", "community", AgentConfigEdit.Text(gateway.Community)),
        ("broker", "host", AgentConfigEdit.Text(gateway.Broker.Host)),
        ("broker", "port", AgentConfigEdit.Number(gateway.Broker.Port)),
        ("broker", "username", AgentConfigEdit.Text(gateway.Broker.Username)),
        ("broker", "password", AgentConfigEdit.Text(gateway.Broker.Password)),
    ];

    private static int Refused(CliOutput output, string hub, RedeemResult result)
    {
        var messages = output.Messages;
        return result.Failure switch
        {
            RedeemFailure.Unreachable => output.Fail(ExitCodes.Unreachable, messages.EnrolHubUnreachable(hub, result.Detail ?? "")),
            RedeemFailure.NotAHub => output.Fail(ExitCodes.Unreachable, messages.EnrolNotAHub(hub, result.Detail ?? "")),
            RedeemFailure.MalformedCode => output.Fail(ExitCodes.BadUsage, messages.EnrolMalformedCode),
            RedeemFailure.UnknownCode => output.Fail(ExitCodes.Failed, messages.EnrolUnknownCode),
            RedeemFailure.Used => output.Fail(ExitCodes.Failed, messages.EnrolCodeUsed),
            RedeemFailure.Expired => output.Fail(ExitCodes.Failed, messages.EnrolCodeExpired),
            RedeemFailure.Revoked => output.Fail(ExitCodes.Failed, messages.EnrolCodeRevoked),
            RedeemFailure.TooManyAttempts => output.Fail(ExitCodes.Failed, messages.EnrolTooManyAttempts),
            _ => output.Fail(ExitCodes.Failed, messages.EnrolBrokerUnavailable),
        };
    }

    private sealed record EnrolDocument(string Config, string GatewayId, string Community, EnrolledPlace Place, BrokerDocument Broker, int ConfigProblems);

    /// <summary>The password is in the config file only, never on a screen or in a script's log.</summary>
    private sealed record BrokerDocument(string Host, int Port, string Username);
}
