using EdgeSecurity.Contract;

namespace EdgeSecurity.Hub.Gateways;

public enum CommandStatus { Sent, Accepted, Refused }

/// <summary>
/// A command the hub sent to a gateway, who sent it, and the gateway's answer once it arrives. The table of them is the
/// record of who switched which gateway into which mode.
/// </summary>
public sealed record GatewayCommand(
    Guid CommandId,
    string GatewayId,
    string Community,
    string Command,
    GatewayMode? Mode,
    DateTimeOffset IssuedAt,
    string IssuedBy,
    string? Note,
    CommandStatus Status,
    string? Reason,
    string? Detail,
    DateTimeOffset? AnsweredAt);

/// <summary>POST /api/gateways/{id}/mode: the mode to switch to and why.</summary>
public sealed record ModeRequest(string? Mode, string? Note);
