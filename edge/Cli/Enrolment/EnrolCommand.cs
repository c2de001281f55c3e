using System.CommandLine;
using System.Text;
using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Cli.Config;
using EdgeSecurity.Configuration.Editing;
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

        // Everything that can fail before the write is tried before the single-use code goes to the hub: reading the
        // config, the edits themselves (with stand-in values) and creating a file like the new config in its folder.
        if (ConfigText.TryRead(path, messages.EnrolNewConfigHeader, out var problem) is not { } config)
        {
            return output.Fail(ExitCodes.BadUsage, problem!.Failure == ConfigReadFailure.NotReadable
                ? messages.EnrolConfigNotWritable(path, problem.Reason)
                : messages.EnrolConfigNotYaml(path, problem.At is { } at ? $"line {at.Line}, column {at.Column}: {problem.Reason}" : problem.Reason));
        }
        try
        {
            Enrol(config.Document, StandIn);
        }
        catch (Exception e) when (e is InvalidOperationException or YamlException)
        {
            return output.Fail(ExitCodes.BadUsage, messages.EnrolConfigNotEditable(path, e.Message));
        }
        try
        {
            AtomicFile.CheckReplaceable(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return output.Fail(ExitCodes.BadUsage, messages.EnrolConfigNotWritable(path, e.Message));
        }

        var result = await HubEnrolmentClient.RedeemAsync(hub, code, ct).ConfigureAwait(false);
        if (result.Gateway is not { } gateway)
            return Refused(output, hubText, result);

        var caFile = gateway.Broker.CaCertificate is null ? null : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, CaFileName);
        try
        {
            if (caFile is not null)
                AtomicFile.Replace(caFile, Encoding.UTF8.GetBytes(gateway.Broker.CaCertificate!), PublicFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return output.Fail(ExitCodes.Failed, messages.EnrolWriteFailedAfterRedeem(caFile!, e.Message));
        }
        try
        {
            config.Write(Enrol(config.Document, gateway), AtomicFile.OwnerOnly);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return output.Fail(ExitCodes.Failed, messages.EnrolWriteFailedAfterRedeem(path, e.Message));
        }

        var problems = ConfigLoader.Load(path).Errors.Count;
        if (output.Json)
        {
            output.WriteJson(new EnrolDocument(Path.GetFullPath(path), gateway.GatewayId, gateway.Community, gateway.Place,
                new BrokerDocument(gateway.Broker.Host, gateway.Broker.Port, gateway.Broker.Username, caFile), problems));
        }
        output.Line(messages.Enrolled(gateway.GatewayId, gateway.Place.Name, gateway.Community, string.Join(" / ", gateway.Place.Path),
            $"{gateway.Broker.Host}:{gateway.Broker.Port}", gateway.Broker.Username, Path.GetFullPath(path)));
        if (caFile is not null)
            output.Line(messages.EnrolledTls(caFile));
        if (problems > 0)
            output.Line(messages.EnrolledConfigProblems(path, problems));
        return ExitCodes.Ok;
    }

    /// <summary>What the edits are tried with before the code is spent: values of the same kinds as the hub's.</summary>
    private static readonly EnrolledGateway StandIn = new("gw", "cm", new EnrolledPlace("cm", "cm", []), new EnrolledBroker("localhost", 1883, "gw", "password", "PEM"));

    /// <summary>The broker's CA certificate, beside the config, which names it relative to itself.</summary>
    private const string CaFileName = "broker-ca.pem";

    // A CA certificate is public: the agent's user reads it whoever enrolled.
    private const UnixFileMode PublicFile = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>The hub's answer written where the agent reads it; the rest of the file stays as it was.</summary>
    /// <exception cref="InvalidOperationException">The config has a gateway or broker section (or top level) that is not a mapping of keys.</exception>
    /// <exception cref="YamlException">An edit made text YAML cannot read (the editor's fault, not the installer's: reported all the same).</exception>
    private static YamlTextDocument Enrol(YamlTextDocument document, EnrolledGateway enrolled)
    {
        var gateway = YamlPath.Root.Key("gateway");
        var broker = YamlPath.Root.Key("broker");
        var placePath = string.Join(" / ", enrolled.Place.Path);
        // The names are for people (the commissioning report); cut to what the agent's loader takes, never refused.
        var named = document
            .Set(gateway, "id", YamlValue.Text(enrolled.GatewayId))
            .Set(gateway, "community", YamlValue.Text(enrolled.Community))
            .Set(gateway, "communityName", YamlValue.Text(Bounded(enrolled.Place.Name, MaxCommunityName)));
        if (placePath.Length > 0)
            named = named.Set(gateway, "placePath", YamlValue.Text(Bounded(placePath, MaxPlacePath)));
        var credentials = named
            .Set(broker, "host", YamlValue.Text(enrolled.Broker.Host))
            .Set(broker, "port", YamlValue.Number(enrolled.Broker.Port))
            .Set(broker, "username", YamlValue.Text(enrolled.Broker.Username))
            .Set(broker, "password", YamlValue.Text(enrolled.Broker.Password));
        // A client certificate the installer already set up (broker.tls.certFile, keyFile) stays.
        return enrolled.Broker.CaCertificate is null ? credentials : credentials.Set(broker.Key("tls"), "caFile", YamlValue.Text(CaFileName));
    }

    private const int MaxCommunityName = 128;
    private const int MaxPlacePath = 512;

    private static string Bounded(string text, int length) => text.Length <= length ? text : text[..length];

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
    private sealed record BrokerDocument(string Host, int Port, string Username, string? CaFile);
}
