using System.CommandLine;
using EdgeSecurity.Cli.Localization;

namespace EdgeSecurity.Cli.Devices;

/// <summary>
/// The options of <c>device add</c> and <c>device edit</c>, one per key of the agent's config (edge/Agent/agent.sample.yaml),
/// and which kinds of device each applies to. The agent's loader stays the judge of the values' ranges.
/// </summary>
internal sealed class DeviceOptions
{
    private static readonly DeviceWiring[] Placed = [DeviceWiring.Door, DeviceWiring.Relay, DeviceWiring.Modbus, DeviceWiring.Camera];
    private static readonly DeviceWiring[] Gpio = [DeviceWiring.Door, DeviceWiring.Relay];

    private readonly Dictionary<Option, DeviceWiring[]> _appliesTo = [];

    public DeviceOptions(Messages messages)
    {
        Option<T> Define<T>(string name, string help, string? helpName, params DeviceWiring[] wirings)
        {
            var option = new Option<T>(name) { Description = help, HelpName = helpName };
            _appliesTo[option] = wirings;
            return option;
        }
        Name = Define<string?>("--name", messages.DeviceNameOption, "TEXT", Placed);
        Building = Define<string?>("--building", messages.PlacePartOption("building", "楼栋"), "TEXT", Placed);
        Unit = Define<string?>("--unit", messages.PlacePartOption("unit", "单元"), "TEXT", Placed);
        Floor = Define<string?>("--floor", messages.PlacePartOption("floor", "楼层"), "TEXT", Placed);
        Room = Define<string?>("--room", messages.PlacePartOption("room", "房间"), "TEXT", Placed);
        Grid = Define<string?>("--grid", messages.GridOption, "ID", DeviceWiring.Door, DeviceWiring.Relay, DeviceWiring.Modbus);
        Simulated = Define<bool>("--simulated", messages.SimulatedDeviceOption, null, Gpio);
        Chip = Define<string?>("--chip", messages.DeviceChipOption, "CHIP", Gpio);
        Line = Define<string?>("--line", messages.DoorLineOption, "LINE", DeviceWiring.Door);
        TamperLine = Define<string?>("--tamper-line", messages.TamperLineOption, "LINE", DeviceWiring.Door);
        ReleaseLine = Define<string?>("--release-line", messages.ReleaseLineOption, "LINE", DeviceWiring.Door);
        AlarmLine = Define<string?>("--alarm-line", messages.AlarmLineOption, "LINE", DeviceWiring.Relay);
        FaultLine = Define<string?>("--fault-line", messages.FaultLineOption, "LINE", DeviceWiring.Relay);
        ActiveLow = Define<bool?>("--active-low", messages.DeviceActiveLowOption, "true|false", Gpio);
        Bias = Define<string?>("--bias", messages.BiasOption, "pull-up|pull-down|disabled|as-is", Gpio);
        Bias.AcceptOnlyFromAmong("pull-up", "pull-down", "disabled", "as-is");
        Contact = Define<string?>("--contact", messages.ContactOption, "nc|no", DeviceWiring.Door);
        Contact.AcceptOnlyFromAmong("nc", "no");
        Debounce = Define<int?>("--debounce", messages.DeviceDebounceOption, "MS", Gpio);
        Armed = Define<bool?>("--armed", messages.ArmedOption, "true|false", DeviceWiring.Door);
        ArmedDuring = Define<string[]>("--armed-during", messages.ArmedDuringOption, "\"[DAYS ]HH:mm-HH:mm\"", DeviceWiring.Door);
        HeldOpen = Define<int?>("--held-open", messages.HeldOpenOption, "SECONDS", DeviceWiring.Door);
        ReleaseWindow = Define<int?>("--release-window", messages.ReleaseWindowOption, "SECONDS", DeviceWiring.Door);
        StuckLineHours = Define<int?>("--stuck-line-hours", messages.StuckLineOption, "HOURS", DeviceWiring.Door);
        ChatterEdges = Define<int?>("--chatter-edges", messages.ChatterEdgesOption, "N", DeviceWiring.Door);
        ChatterSeconds = Define<int?>("--chatter-seconds", messages.ChatterSecondsOption, "SECONDS", DeviceWiring.Door);
        CareHours = Define<int?>("--care-hours", messages.CareHoursOption, "HOURS", DeviceWiring.Door);
        QuietHours = Define<string[]>("--quiet-hours", messages.QuietHoursOption, "HH:mm-HH:mm", DeviceWiring.Door);
        Bus = Define<string?>("--bus", messages.BusOption, "ID", DeviceWiring.Modbus);
        Port = Define<string?>("--port", messages.BusPortOption, "DEVICE", DeviceWiring.Modbus);
        Baud = Define<int?>("--baud", messages.BusBaudOption, "N", DeviceWiring.Modbus);
        Parity = Define<string?>("--parity", messages.BusParityOption, "none|even|odd", DeviceWiring.Modbus);
        Parity.AcceptOnlyFromAmong("none", "even", "odd");
        Slave = Define<int?>("--slave", messages.SlaveOption, "1-247", DeviceWiring.Modbus);
        Profile = Define<string?>("--profile", messages.DeviceProfileOption, "FILE", DeviceWiring.Modbus);
        Url = Define<string?>("--url", messages.CameraSourceOption, "URL|FILE", DeviceWiring.Camera);
        Width = Define<int?>("--width", messages.DetectWidthOption, "PIXELS", DeviceWiring.Camera);
        Height = Define<int?>("--height", messages.DetectHeightOption, "PIXELS", DeviceWiring.Camera);
        Fps = Define<double?>("--fps", messages.CameraFpsOption, "N", DeviceWiring.Camera);
        DetectFps = Define<double?>("--detect-fps", messages.DetectFpsOption, "N", DeviceWiring.Camera);
        Model = Define<string?>("--model", messages.CameraModelOption, "FILE.yaml", DeviceWiring.Camera);
        ModelDirectory = Define<string?>("--model-directory", messages.ModelDirectoryOption, "DIR", DeviceWiring.Camera);
        Loop = Define<bool?>("--loop", messages.LoopOption, "true|false", DeviceWiring.Camera);
        RealTime = Define<bool?>("--real-time", messages.RealTimeOption, "true|false", DeviceWiring.Camera);
        TelemetrySeconds = Define<int?>("--telemetry-seconds", messages.CameraTelemetryOption, "SECONDS", DeviceWiring.Camera);
        Unset = new Option<string[]>("--unset") { Description = messages.UnsetOption, HelpName = "KEY" };
    }

    public Option<string?> Name { get; }
    public Option<string?> Building { get; }
    public Option<string?> Unit { get; }
    public Option<string?> Floor { get; }
    public Option<string?> Room { get; }
    public Option<string?> Grid { get; }
    public Option<bool> Simulated { get; }
    public Option<string?> Chip { get; }
    public Option<string?> Line { get; }
    public Option<string?> TamperLine { get; }
    public Option<string?> ReleaseLine { get; }
    public Option<string?> AlarmLine { get; }
    public Option<string?> FaultLine { get; }
    public Option<bool?> ActiveLow { get; }
    public Option<string?> Bias { get; }
    public Option<string?> Contact { get; }
    public Option<int?> Debounce { get; }
    public Option<bool?> Armed { get; }
    public Option<string[]> ArmedDuring { get; }
    public Option<int?> HeldOpen { get; }
    public Option<int?> ReleaseWindow { get; }
    public Option<int?> StuckLineHours { get; }
    public Option<int?> ChatterEdges { get; }
    public Option<int?> ChatterSeconds { get; }
    public Option<int?> CareHours { get; }
    public Option<string[]> QuietHours { get; }
    public Option<string?> Bus { get; }
    public Option<string?> Port { get; }
    public Option<int?> Baud { get; }
    public Option<string?> Parity { get; }
    public Option<int?> Slave { get; }
    public Option<string?> Profile { get; }
    public Option<string?> Url { get; }
    public Option<int?> Width { get; }
    public Option<int?> Height { get; }
    public Option<double?> Fps { get; }
    public Option<double?> DetectFps { get; }
    public Option<string?> Model { get; }
    public Option<string?> ModelDirectory { get; }
    public Option<bool?> Loop { get; }
    public Option<bool?> RealTime { get; }
    public Option<int?> TelemetrySeconds { get; }
    public Option<string[]> Unset { get; }

    /// <summary>The options of one kind of device, for <c>device add KIND</c>.</summary>
    public IEnumerable<Option> For(params DeviceWiring[] wirings) => _appliesTo.Where(o => o.Value.Intersect(wirings).Any()).Select(o => o.Key);

    /// <summary>Every option, for <c>device edit</c>, which learns the kind from the config.</summary>
    public IEnumerable<Option> All => [.. _appliesTo.Keys, Unset];

    /// <summary>The options given on the command line that do not apply to a device of this wiring.</summary>
    public IEnumerable<string> NotApplying(ParseResult parse, DeviceWiring wiring) =>
        _appliesTo.Where(o => !o.Value.Contains(wiring) && parse.GetResult(o.Key) is { Implicit: false }).Select(o => o.Key.Name);
}
