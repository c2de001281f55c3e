using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Agent.Control;
using EdgeSecurity.Agent.Rs485;

namespace EdgeSecurity.Agent.SmokeDetectors;

/// <summary>
/// The control-socket commands of the sensors: <c>smoke alarm|clear|fault|restore &lt;id&gt;</c> switch a simulated
/// detector's relays, <c>sensors</c> lists every detector, sensor and bus with its state and the bus counters.
/// </summary>
public sealed class SensorCommands(RelaySmokeDetectors relays, Rs485Buses buses)
{
    public const string Usage = "smoke alarm|clear|fault|restore <detectorId>, sensors";

    private const string SmokeUsage = "smoke alarm|clear|fault|restore <detectorId>";

    public string Smoke(IReadOnlyList<string> words)
    {
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
        {
            var simulated = relays.All.Where(d => d.Config.Source == SmokeRelaySource.Simulated).Select(d => d.Config.Id).ToList();
            return simulated.Count == 0
                ? $"error: unknown smoke detector '{ControlCommands.Shorten(words[2])}'; this gateway has no simulated smoke detectors"
                : $"error: unknown smoke detector '{ControlCommands.Shorten(words[2])}'; simulated detectors: {string.Join(", ", simulated.Take(10))}{(simulated.Count > 10 ? ", …" : "")}";
        }
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
