namespace EdgeSecurity.Hub.Enrolment;

/// <summary>The "Hub:Enrolment" configuration section.</summary>
public sealed class EnrolmentSettings
{
    public const string Section = "Hub:Enrolment";

    /// <summary>How long a code stays valid when the admin does not say: long enough for an installer's day on site.</summary>
    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The broker as gateways reach it; unset: Hub:Mqtt:Host, which is often loopback and then wrong for a gateway.</summary>
    public string? BrokerHost { get; set; }

    /// <summary>Unset: Hub:Mqtt:Port.</summary>
    public int? BrokerPort { get; set; }

    /// <summary>
    /// PEM of the CA that signed the broker's TLS certificate (hub/Broker/make-certs.sh's ca.pem), with BrokerPort on the
    /// TLS listener: each gateway gets it when it enrols and verifies the broker from its first connection.
    /// </summary>
    public string? BrokerCaFile { get; set; }

    /// <summary>Redemption attempts per client address and minute: codes cannot be guessed by trying many.</summary>
    public int RedemptionsPerMinute { get; set; } = 10;
}

/// <summary>
/// The "Hub:Broker" configuration section: where the broker reads its accounts. Unset PasswordFile: the hub provisions
/// nothing (an anonymous broker, as in tests), and gateways still get credentials, which such a broker accepts.
/// </summary>
public sealed class BrokerFilesSettings
{
    public const string Section = "Hub:Broker";

    public string? PasswordFile { get; set; }

    public string? AclFile { get; set; }

    /// <summary>mosquitto's pid_file: the process told to reload after the files change.</summary>
    public string? PidFile { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(PasswordFile);
}
