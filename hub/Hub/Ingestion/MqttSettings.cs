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

    /// <summary>
    /// QoS 1 messages the broker may send before the hub's acknowledgements come back (the broker's
    /// max_inflight_messages caps it too). A city's telemetry needs more than libmosquitto's default of 20.
    /// </summary>
    public int InflightMaximum { get; set; } = 1000;

    /// <summary>Unset: plain MQTT (a broker on this host's loopback). Set: TLS, the broker's certificate verified against CaFile and Host.</summary>
    public MqttTlsSettings? Tls { get; set; }

    public string SubscriptionFilter(string filter) =>
        string.IsNullOrWhiteSpace(SharedGroup) ? filter : $"$share/{SharedGroup}/{filter}";

    public string EffectiveClientId() =>
        string.IsNullOrWhiteSpace(ClientId) ? $"hub-{Environment.MachineName}" : ClientId;
}

/// <summary>"Hub:Mqtt:Tls": PEM files; CertFile and KeyFile only for a broker that requires client certificates.</summary>
public sealed class MqttTlsSettings
{
    public string? CaFile { get; set; }

    public string? CertFile { get; set; }

    public string? KeyFile { get; set; }

    /// <summary>Every problem at once, naming the setting and the missing file; empty when the settings can be used.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(CaFile))
            problems.Add($"{MqttSettings.Section}:Tls:CaFile is not set: give the PEM file of the CA that signed the broker's certificate");
        else if (!File.Exists(CaFile))
            problems.Add($"{MqttSettings.Section}:Tls:CaFile: no file at '{CaFile}'");
        if (string.IsNullOrWhiteSpace(CertFile) != string.IsNullOrWhiteSpace(KeyFile))
            problems.Add($"{MqttSettings.Section}:Tls:CertFile and KeyFile go together: set both for a client certificate, or neither");
        foreach (var (key, file) in new[] { ("CertFile", CertFile), ("KeyFile", KeyFile) })
        {
            if (!string.IsNullOrWhiteSpace(file) && !File.Exists(file))
                problems.Add($"{MqttSettings.Section}:Tls:{key}: no file at '{file}'");
        }
        return problems;
    }
}
