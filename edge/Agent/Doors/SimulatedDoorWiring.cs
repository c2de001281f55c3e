using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Bindings.Gpiod;

namespace EdgeSecurity.Agent.Doors;

/// <summary>
/// The wires of the simulated doors, on one simulated chip, so that a simulated door runs through the very code a
/// GPIO door does (debounce, edges, supervision). Each door has three lines, wired as on site: an NC contact to
/// ground (low while the door is closed), the access controller's release relay (low while it releases) and the
/// NC tamper loop (low while intact); all read active-low with a pull-up. The control socket moves these wires.
/// </summary>
public sealed class SimulatedDoorWiring
{
    public const string Chip = "simulated-doors";

    public SimulatedDoorWiring(AgentConfig config, TimeProvider time)
    {
        Lines = new SimulatedLines(time);
        var simulated = config.Doors.Where(d => d.Source == DoorSource.Simulated).ToList();
        if (simulated.Count == 0)
            return;
        var names = new Dictionary<int, string>();
        for (var i = 0; i < simulated.Count; i++)
        {
            names[3 * i] = ContactLine(simulated[i].Id);
            names[3 * i + 1] = ReleaseLine(simulated[i].Id);
            names[3 * i + 2] = TamperLine(simulated[i].Id);
        }
        Lines.AddChip(Chip, 3 * simulated.Count, "edgesecurity simulated doors", names);
        foreach (var door in simulated)
            Lines.SetLevel(Address(ReleaseLine(door.Id)), high: true);
    }

    /// <summary>The simulation itself, for tests that bounce or glitch a wire.</summary>
    public SimulatedLines Lines { get; }

    public static DoorLines LinesFor(string doorId, TimeSpan debounce) =>
        new(Chip, ContactLine(doorId), ActiveLow: true, GpioBias.PullUp, ContactType.NormallyClosed, debounce, ReleaseLine(doorId), TamperLine(doorId));

    // '/' is not allowed in ids, so these names never collide with another door's.
    public static string ContactLine(string doorId) => doorId;

    public static string ReleaseLine(string doorId) => doorId + "/release";

    public static string TamperLine(string doorId) => doorId + "/tamper";

    public static GpioLineAddress Address(string lineName) => GpioLineAddress.OnChip(Chip, lineName);

    public void SetDoor(string doorId, bool open) => Lines.SetLevel(Address(ContactLine(doorId)), high: open);

    public void SetRelease(string doorId, bool releasing) => Lines.SetLevel(Address(ReleaseLine(doorId)), high: !releasing);

    public void SetTamperLoop(string doorId, bool intact) => Lines.SetLevel(Address(TamperLine(doorId)), high: !intact);
}
