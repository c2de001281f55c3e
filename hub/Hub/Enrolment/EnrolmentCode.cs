namespace EdgeSecurity.Hub.Enrolment;

public enum EnrolmentCodeStatus { Pending, Redeemed, Expired, Revoked }

/// <summary>A code as admins see it later: never the code itself, which only its SHA-256 in the database could match.</summary>
public sealed record EnrolmentCodeInfo(
    string Id, string GatewayId, string Community, string IssuedBy, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt,
    DateTimeOffset? RedeemedAt, DateTimeOffset? RevokedAt, string? RevokedBy, EnrolmentCodeStatus Status);

/// <summary>The answer to issuing a code: the only time the code is shown.</summary>
public sealed record IssuedEnrolmentCode(
    string Code, string Id, string GatewayId, string Community, string IssuedBy, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);

public sealed record IssueCodeRequest(string? GatewayId, double? ValidHours);

public sealed record RedeemRequest(string? Code);

/// <summary>What a gateway learns when it redeems its code: who it is, where it is, and how it reaches the broker.</summary>
public sealed record GatewayIdentity(string GatewayId, string Community, EnrolmentPlace Place, BrokerCredentials Broker);

public sealed record EnrolmentPlace(string Id, string Name, IReadOnlyList<string> Path);

/// <param name="CaCertificate">PEM of the CA the broker's TLS certificate chains to; null for a plain listener.</param>
public sealed record BrokerCredentials(string Host, int Port, string Username, string Password, string? CaCertificate);

/// <summary>A gateway's broker account: its username is the gateway id; only mosquitto's hash of the password is kept.</summary>
public sealed record BrokerAccount(string Username, string GatewayId, string Community, string PasswordHash);

/// <summary>A gateway's broker account as an admin sees it: never its password or hash.</summary>
public sealed record BrokerAccountInfo(string GatewayId, string Community, DateTimeOffset CreatedAt);
