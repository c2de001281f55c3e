using System.Text;
using EdgeSecurity.Contract;

namespace EdgeSecurity.Hub.Enrolment;

/// <summary>
/// mosquitto's ACL file for the broker account model: the hub reads everything under es/v1 and writes commands,
/// acknowledgements and the status of a gateway it revoked; a gateway writes only under its own subtree (the kinds a gateway sends) and reads only its own
/// commands and acknowledgements. Nothing is granted to anonymous clients.
/// </summary>
public static class BrokerAcl
{
    public const string Header = "# Written by the EdgeSecurity hub from its database (broker_accounts); edits here are overwritten.";

    public static string Render(string? hubUsername, IEnumerable<BrokerAccount> gateways)
    {
        var text = new StringBuilder().AppendLine(Header);
        if (!string.IsNullOrEmpty(hubUsername))
        {
            text.AppendLine().AppendLine("user " + hubUsername)
                .AppendLine("topic read " + Topics.Root + "/#")
                .AppendLine("topic write " + Topics.Root + "/+/+/commands/+")
                .AppendLine("topic write " + Topics.Root + "/+/+/acks")
                // A revoked gateway's last will goes with its account: the hub publishes its offline status instead.
                .AppendLine("topic write " + Topics.Root + "/+/+/status");
        }

        foreach (var gateway in gateways.OrderBy(g => g.Username, StringComparer.Ordinal))
        {
            var c = gateway.Community;
            var g = gateway.GatewayId;
            text.AppendLine().AppendLine("user " + gateway.Username)
                .AppendLine("topic write " + Topics.Status(c, g))
                .AppendLine("topic write " + Topics.Heartbeat(c, g))
                .AppendLine("topic write " + Topics.Events(c, g, "+"))
                .AppendLine("topic write " + Topics.State(c, g, "+"))
                .AppendLine("topic write " + Topics.Telemetry(c, g, "+"))
                .AppendLine("topic write " + Topics.Evidence(c, g, "+"))
                .AppendLine("topic write " + Topics.Objects(c, g, "+"))
                .AppendLine("topic write " + Topics.CommandResults(c, g, g))
                .AppendLine("topic read " + Topics.Commands(c, g, g))
                .AppendLine("topic read " + Topics.Acks(c, g));
        }
        return text.ToString();
    }

    /// <summary>mosquitto's password file: one <c>username:hash</c> line per account.</summary>
    public static string RenderPasswords(string? hubUsername, string? hubPasswordHash, IEnumerable<BrokerAccount> gateways)
    {
        var text = new StringBuilder();
        if (!string.IsNullOrEmpty(hubUsername) && hubPasswordHash is not null)
            text.Append(hubUsername).Append(':').AppendLine(hubPasswordHash);
        foreach (var gateway in gateways.OrderBy(g => g.Username, StringComparer.Ordinal))
            text.Append(gateway.Username).Append(':').AppendLine(gateway.PasswordHash);
        return text.ToString();
    }
}
