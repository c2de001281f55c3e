using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Agent.Control;
using EdgeSecurity.Agent.Publishing;
using EdgeSecurity.Agent.Rs485;

namespace EdgeSecurity.Agent.SmokeDetectors;

/// <summary>
/// The control-socket commands of the sensors: <c>smoke alarm|clear|fault|restore &lt;id&gt;</c> switch a simulated
/// detector's relays, <c>smoke measure &lt;id&gt; name=value ...</c> reports measurements for it as an RS-485 detector
/// would (telemetry through the outbox), <c>sensors</c> lists every detector, sensor and bus with its state and the
/// bus counters.
/// </summary>
public sealed class SensorCommands(RelaySmokeDetectors relays, Rs485Buses buses, IEventPublisher publisher, TimeProvider time)
{
    public const string Usage = "smoke alarm|clear|fault|restore <detectorId>, smoke measure <detectorId> <name>=<value> ..., sensors";

    private const string SmokeUsage = "smoke alarm|clear|fault|restore <detectorId>";
    private const string MeasureUsage = "smoke measure <detectorId> <name>=<value> ... (e.g. smokeDensity=0.05 temperature=24.5)";
    private const int MaxMeasurements = 64;
    private const int MaxNameLength = 64;

    public string Smoke(IReadOnlyList<string> words)
    {
        if (words.Count >= 2 && words[1] == "measure")
            return Measure(words);
        if (words.Count != 3)
            return $"error: 'smoke' takes an action and a detector id; expected: {SmokeUsage}";
        SimulatedRelay? relay = words[1] switch
        {
            "alarm" => SimulatedRelay.Alarm,
            "clear" => SimulatedRelay.Clear,
            "fault" => SimulatedRelay.Fault,
            "restore" => SimulatedRelay.Restore,
            _ => null,
        };
        if (relay is null)
            return $"error: unknown smoke action '{ControlCommands.Shorten(words[1])}'; expected: {SmokeUsage}";
        var detector = relays.Find(words[2]);
        if (detector is null)
            return UnknownDetector(words[2]);
        if (!relays.Switch(detector, relay.Value))
            return $"error: smoke detector '{detector.Config.Id}' is wired to GPIO; only simulated detectors can be switched from here";
        var what = relay switch
        {
            SimulatedRelay.Alarm => "alarm relay closed",
            SimulatedRelay.Clear => "alarm relay open",
            SimulatedRelay.Fault => "fault relay dropped out",
            _ => "fault relay closed (healthy)",
        };
        return $"ok {detector.Config.Id} {what}; reported after the {detector.Config.Debounce.TotalMilliseconds:0} ms debounce";
    }

    /// <summary>The answer comes once the point is in the durable outbox, so a sent measurement is never lost unseen.</summary>
    private string Measure(IReadOnlyList<string> words)
    {
        if (words.Count < 4)
            return $"error: 'smoke measure' takes a detector id and at least one measurement; expected: {MeasureUsage}";
        var detector = relays.Find(words[2]);
        if (detector is null)
            return UnknownDetector(words[2]);
        if (detector.Config.Source != SmokeRelaySource.Simulated)
            return $"error: smoke detector '{detector.Config.Id}' is wired to GPIO and measures nothing; only simulated detectors take measurements from here";
        if (words.Count - 3 > MaxMeasurements)
            return $"error: at most {MaxMeasurements} measurements per point; expected: {MeasureUsage}";
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var word in words.Skip(3))
        {
            var (name, text) = word.IndexOf('=', StringComparison.Ordinal) is var at and > 0 ? (word[..at], word[(at + 1)..]) : ("", "");
            if (name.Length is 0 or > MaxNameLength || name.Any(char.IsControl))
                return $"error: '{ControlCommands.Shorten(word)}' is not a measurement; expected <name>=<value> with a name of 1-{MaxNameLength} characters";
            if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
                return $"error: '{ControlCommands.Shorten(text)}' is not a number; expected <name>=<value> like temperature=24.5";
            if (!values.TryAdd(name, value))
                return $"error: '{ControlCommands.Shorten(name)}' is given twice";
        }
        publisher.PublishTelemetry(detector.Config.Id, values, time.GetUtcNow());
        return $"ok {detector.Config.Id} measurement of {values.Count} value(s) stored";
    }

    private string UnknownDetector(string id)
    {
        var simulated = relays.All.Where(d => d.Config.Source == SmokeRelaySource.Simulated).Select(d => d.Config.Id).ToList();
        return simulated.Count == 0
            ? $"error: unknown smoke detector '{ControlCommands.Shorten(id)}'; this gateway has no simulated smoke detectors"
            : $"error: unknown smoke detector '{ControlCommands.Shorten(id)}'; simulated detectors: {string.Join(", ", simulated.Take(10))}{(simulated.Count > 10 ? ", …" : "")}";
    }

    /// <summary>Every detector and RS-485 sensor with its state and health, for <c>status json</c>.</summary>
    public IEnumerable<DeviceStatus> Devices() =>
    [
        .. relays.All.Select(d => Device(d.Config.Id, "smoke", d.Status)),
        .. buses.All.SelectMany(bus => bus.Devices).Select(d => Device(d.Config.Id, "sensor", d.Status)),
    ];

    private static DeviceStatus Device(string id, string kind, DetectorStatus status)
    {
        var health = status.Health;
        return new DeviceStatus(id, kind, status.State, health.Online, health.LastSeenAt, health.Fault, health.LowBattery, health.BatteryVolts);
    }

    public string Status()
    {
        var parts = new List<string>();
        parts.AddRange(relays.All.Select(d => $"{d.Config.Id} {d.Status.State} ({(d.Config.Source == SmokeRelaySource.Gpio ? "gpio" : "simulated")})"));
        foreach (var bus in buses.All)
        {
            parts.Add($"bus {bus.Config.Id} {(bus.IsOpen ? "open" : "unavailable")} on {bus.Config.Port}: {bus.Counters}");
            parts.AddRange(bus.Devices.Select(d => $"{d.Config.Id} {d.Status.State} (slave {d.Config.SlaveId}, {d.Config.Profile.Name}{(d.Missed > 0 ? $", {d.Missed} missed" : "")})"));
        }
        return parts.Count == 0 ? "ok sensors: none" : $"ok sensors: {string.Join("; ", parts)}";
    }
}
