namespace EdgeSecurity.Hub.Ingestion;

/// <summary>The "Hub:Mqtt" configuration section.</summary>
public sealed class MqttSettings
{
    public const string Section = "Hub:Mqtt";

    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 1883;

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>
    /// Unset: "hub-{machine}-{random}", a new broker session at every start. Set it to a stable value in
    /// production so that a restarted hub resumes its session and receives the events queued while it was down.
    /// </summary>
    public string? ClientId { get; set; }

    /// <summary>
    /// How long the broker keeps the hub's session, queueing its QoS 1 messages, while the hub is away. The
    /// default covers a network blip; raise it with a stable ClientId to cover a restart, keep it short with
    /// the random one, whose old sessions nobody resumes.
    /// </summary>
    public TimeSpan SessionExpiry { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>First wait before retrying a lost or refused connection; the wait doubles up to ReconnectMaxDelay.</summary>
    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    public string EffectiveClientId() =>
        string.IsNullOrWhiteSpace(ClientId) ? $"hub-{Environment.MachineName}-{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray(), 0, 4)}" : ClientId;
}
