using System.Globalization;
using EdgeSecurity.Modbus.Profiles;

namespace EdgeSecurity.Hardware.SmokeDetectorSimulator;

/// <summary>
/// The stdin commands. Each line gets exactly one answer line, "ok: ..." or "error: ...", so a script or a test can
/// wait for it; a bad line changes nothing and the simulator keeps running.
/// </summary>
internal sealed class SimulatorCommands(IReadOnlyDictionary<byte, SimulatedDevice> devices, Action quit)
{
    private const string Commands = "alarm, fault, battery, smoke, set, show, help, quit";

    /// <summary>Executes lines until "quit" or the end of input.</summary>
    public void ReadFrom(TextReader input)
    {
        while (input.ReadLine() is { } line)
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            // Blank lines and #comments let installers keep dry-run scripts in files: simulator ... < script.txt
            if (words.Length == 0 || words[0].StartsWith('#'))
                continue;
            if (words is ["quit"])
            {
                Console.WriteLine("ok: quitting");
                quit();
                return;
            }
            Console.WriteLine(Execute(words));
        }
        Console.Error.WriteLine("stdin closed; still serving until Ctrl-C or SIGTERM");
    }

    private string Execute(string[] words)
    {
        try
        {
            return words switch
            {
                ["alarm", var id, var state] => Condition(id, StatusConditions.Alarm, state, "on", "off"),
                ["fault", var id, var state] => Condition(id, StatusConditions.Fault, state, "on", "off"),
                ["battery", var id, var state] => Condition(id, StatusConditions.LowBattery, state, "low", "ok"),
                ["smoke", var id, var value] => Set(id, "smokeDensity", value),
                ["set", var id, var resource, var value] => Set(id, resource, value),
                ["show"] => string.Join('\n', devices.Keys.Select(Show)),
                ["show", var id] => Show(Device(id).Id),
                ["help"] => "ok: " + SimulatorArguments.Usage[SimulatorArguments.Usage.IndexOf("commands", StringComparison.Ordinal)..].TrimEnd(),
                ["alarm" or "fault", ..] => $"error: usage: {words[0]} <id> on|off",
                ["battery", ..] => "error: usage: battery <id> low|ok",
                ["smoke", ..] => "error: usage: smoke <id> <value>",
                ["set", ..] => "error: usage: set <id> <resource> <value>",
                ["show", ..] => "error: usage: show [<id>]",
                _ => $"error: unknown command '{words[0]}'; commands: {Commands}",
            };
        }
        catch (ArgumentException ex)
        {
            return $"error: {ex.Message}";
        }
    }

    private string Condition(string id, string condition, string state, string activeWord, string clearWord)
    {
        var device = Device(id);
        if (state != activeWord && state != clearWord)
            throw new ArgumentException($"'{state}' is neither {activeWord} nor {clearWord}");
        device.Device.SetCondition(condition, state == activeWord);
        return $"ok: slave {device.Id} {condition} {(state == activeWord ? "active" : "cleared")}";
    }

    private string Set(string id, string resource, string text)
    {
        var device = Device(id);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            throw new ArgumentException($"'{text}' is not a number");
        device.Device.SetValue(resource, value);
        return string.Create(CultureInfo.InvariantCulture, $"ok: slave {device.Id} {resource} = {device.Device.GetValue(resource):G6}");
    }

    private string Show(byte id) =>
        $"ok: slave {id} ({devices[id].Profile.Name}): " + string.Join("; ", devices[id].Describe());

    private (byte Id, SimulatedDevice Device) Device(string text)
    {
        if (byte.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && devices.TryGetValue(id, out var device))
            return (id, device);
        throw new ArgumentException($"no simulated device has slave id '{text}' (serving {string.Join(", ", devices.Keys)})");
    }
}
