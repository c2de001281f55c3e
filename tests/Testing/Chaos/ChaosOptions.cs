namespace EdgeSecurity.Testing.Chaos;

/// <summary>How big and how rough a chaos run is. The seed fixes which service is killed when and for how long.</summary>
public sealed record ChaosOptions
{
    public int Alarms { get; init; } = 1000;

    public int Agents { get; init; } = 3;

    /// <summary>The alarms are spread over this time, so the kills land while they are being raised.</summary>
    public TimeSpan SendingTime { get; init; } = TimeSpan.FromSeconds(25);

    /// <summary>Kills during the sending time; each kind (broker, hub, agent) at least once when there are three or more.</summary>
    public int Kills { get; init; } = 6;

    public int Seed { get; init; } = 20_261_122;

    /// <summary>How long after the last alarm every alarm must be at the hub.</summary>
    public TimeSpan RecoveryTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The agents' outbox.hubAckTimeoutSeconds: how soon an event the hub did not confirm goes again.</summary>
    public int HubAckTimeoutSeconds { get; init; } = 2;

    /// <summary>Telemetry points the agents report over the sending time, through their simulated smoke detectors.</summary>
    public int TelemetryPoints { get; init; } = 600;

    /// <summary>
    /// Large telemetry points sent to the first agent while the broker is stopped, after the sending time: enough to
    /// overrun its outbox quota of 1 MB (outbox.maxMegabytes), so that thinning happens and is counted. 0: no flood.
    /// </summary>
    public int FloodPoints { get; init; } = 1500;
}
