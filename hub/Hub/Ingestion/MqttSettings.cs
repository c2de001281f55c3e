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
    /// Unset: "hub-{machine}". It must be the same at every start: a restarted hub resumes its broker session and
    /// so receives the alarms queued while it was down. Two hubs on one broker need different ids.
    /// </summary>
    public string? ClientId { get; set; }

    /// <summary>
    /// Unset: this hub receives every message. Set (the same name on every hub of a deployment sharing one PostgreSQL
    /// database): the hubs subscribe as an MQTT 5 shared subscription, $share/{group}/es/v1/#, and the broker gives
    /// each message to one of them.
    /// </summary>
    public string? SharedGroup { get; set; }

    /// <summary>How long the broker keeps queueing QoS 1 messages for an absent hub: long enough for a restart or an outage.</summary>
    public TimeSpan SessionExpiry { get; set; } = TimeSpan.FromDays(1);

    /// <summary>First wait before retrying a lost or refused connection; the wait doubles up to ReconnectMaxDelay.</summary>
    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    public string SubscriptionFilter(string filter) =>
        string.IsNullOrWhiteSpace(SharedGroup) ? filter : $"$share/{SharedGroup}/{filter}";

    public string EffectiveClientId() =>
        string.IsNullOrWhiteSpace(ClientId) ? $"hub-{Environment.MachineName}" : ClientId;
}
