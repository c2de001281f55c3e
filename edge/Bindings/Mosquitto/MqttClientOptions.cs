namespace EdgeSecurity.Bindings.Mosquitto;

public enum MqttQos
{
    AtMostOnce = 0,
    AtLeastOnce = 1,
}

public enum MqttProtocol
{
    V311,
    V5,
}

/// <param name="CaFile">PEM file of the CA that signed the broker's certificate.</param>
/// <param name="CertFile">PEM client certificate, for brokers that require one (KeyFile must be given too).</param>
/// <param name="KeyFile">Unencrypted PEM private key of CertFile.</param>
public sealed record MqttTlsOptions(string CaFile, string? CertFile = null, string? KeyFile = null)
{
    /// <summary>Check that the broker's certificate names Host; turn off only for test brokers.</summary>
    public bool VerifyHostname { get; init; } = true;
}

/// <summary>Published by the broker when the client goes away without a clean DISCONNECT.</summary>
public sealed record MqttWill(string Topic, ReadOnlyMemory<byte> Payload, MqttQos Qos, bool Retain);

public sealed record MqttClientOptions
{
    public required string ClientId { get; init; }

    /// <summary>Broker host name or address, e.g. "127.0.0.1".</summary>
    public required string Host { get; init; }

    public int Port { get; init; } = 1883;

    public string? Username { get; init; }

    public string? Password { get; init; }

    public MqttTlsOptions? Tls { get; init; }

    public MqttProtocol Protocol { get; init; } = MqttProtocol.V5;

    /// <summary>Whole seconds, at least 5 (libmosquitto's minimum).</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>False asks the broker for a persistent session (subscriptions and queued QoS 1 messages survive a disconnect).</summary>
    public bool CleanSession { get; init; } = true;

    /// <summary>
    /// MQTT 5 session-expiry-interval, sent when CleanSession is false. Under MQTT 5 a persistent
    /// session with a zero expiry ends with the connection, so set it for sessions that must outlive one.
    /// </summary>
    public TimeSpan SessionExpiry { get; init; } = TimeSpan.Zero;

    public MqttWill? Will { get; init; }

    /// <summary>
    /// QoS 1 messages awaiting their acknowledgement at a time, in each direction (libmosquitto's send and receive
    /// maximum; its default is 20), 1 to 65535. A high-rate subscriber or publisher raises it, the broker's max_inflight_messages too:
    /// at 20 the round trip of the acknowledgements, not the processing, sets the rate.
    /// </summary>
    public int InflightMaximum { get; init; } = 20;

    /// <summary>First wait before reconnecting; whole seconds, at least 1.</summary>
    public TimeSpan ReconnectMinDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between reconnect attempts; the wait grows from ReconnectMinDelay up to this.</summary>
    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(30);
}
