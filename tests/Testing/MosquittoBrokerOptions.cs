namespace EdgeSecurity.Testing;

public sealed record MosquittoBrokerOptions
{
    public bool AllowAnonymous { get; init; } = true;

    /// <summary>Per-client queue of QoS 1 messages; mosquitto's default of 1000 silently drops the overflow for a slow subscriber.</summary>
    public int MaxQueuedMessages { get; init; } = 100_000;

    /// <summary>
    /// Every packet in the broker's log, for diagnosing a failed test; benchmarks turn it off, as the shipped
    /// configuration does, because writing a log line per message slows the broker several times over.
    /// </summary>
    public bool LogEveryPacket { get; init; } = true;

    /// <summary>A second listener on <see cref="MosquittoBroker.TlsPort"/> that speaks only TLS with the CA and server certificate of these.</summary>
    public TlsCertificates? Tls { get; init; }

    /// <summary>With <see cref="Tls"/>: the TLS listener also asks for a client certificate signed by the CA.</summary>
    public bool RequireClientCertificate { get; init; }

    /// <summary>Further mosquitto.conf lines, appended after the generated ones.</summary>
    public IReadOnlyList<string> ExtraConfig { get; init; } = [];

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
