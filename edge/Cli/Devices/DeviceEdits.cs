using System.CommandLine;
using EdgeSecurity.Cli.Localization;
using EdgeSecurity.Configuration.Editing;

namespace EdgeSecurity.Cli.Devices;

/// <summary>
/// Writes the options given on the command line into one device's mapping, key by key, so that keys not named keep
/// their text and comments. Some options imply others: a GPIO line makes the source gpio, <c>--simulated</c> drops the
/// line settings, <c>--armed</c> and <c>--armed-during</c> replace each other.
/// </summary>
internal sealed class DeviceEdits(DeviceOptions options, ParseResult parse, Messages messages)
{
    private const string DefaultChip = "gpiochip0";
    private static readonly string[] DoorGpioKeys = ["chip", "line", "activeLow", "bias", "contact", "releaseLine", "tamperLine"];
    private static readonly string[] RelayGpioKeys = ["alarm", "fault"];

    private readonly List<string> _problems = [];

    public IReadOnlyList<string> Problems => _problems;

    /// <summary>The document with the options written into the device at <paramref name="device"/>; check <see cref="Problems"/> first.</summary>
    public YamlTextDocument Apply(YamlTextDocument document, DeviceEntry device)
    {
        var path = device.Path;
        var edited = document;
        void Set(string key, YamlValue value) => edited = edited.Set(path, key, value);
        void Remove(string key)
        {
            if (edited.Find(path.Key(key)) is not null)
                edited = edited.Remove(path.Key(key));
        }
        void Nested(string key, string part, YamlValue value)
        {
            var parent = edited.Find(path.Key(key));
            edited = parent is { Kind: YamlTextNodeKind.Mapping }
                ? edited.Set(path.Key(key), part, value)
                : edited.Set(path, key, YamlValue.FlowMap([new(part, value)]));
        }
        void Text(Option<string?> option, string key, Func<string, string>? convert = null)
        {
            if (parse.GetValue(option) is { } text)
                Set(key, YamlValue.Text(convert is null ? text : convert(text)));
        }
        void Whole(Option<int?> option, string key)
        {
            if (parse.GetValue(option) is { } number)
                Set(key, YamlValue.Number(number));
        }
        void Real(Option<double?> option, string key)
        {
            if (parse.GetValue(option) is { } number)
                Set(key, YamlValue.Number(number));
        }
        void Flag(Option<bool?> option, string key)
        {
            if (parse.GetValue(option) is { } flag)
                Set(key, YamlValue.Boolean(flag));
        }
        void Simulated(bool lineGiven, IEnumerable<string> wiringKeys)
        {
            if (!parse.GetValue(options.Simulated))
                return;
            if (lineGiven)
                _problems.Add(messages.SimulatedAndLine);
            Set("source", YamlValue.Text("simulated"));
            foreach (var key in wiringKeys)
                Remove(key);
        }

        Text(options.Name, "name");
        foreach (var (option, part) in new[] { (options.Building, "building"), (options.Unit, "unit"), (options.Floor, "floor"), (options.Room, "room"), (options.Grid, "grid") })
        {
            if (parse.GetValue(option) is { } text)
                Nested("place", part, YamlValue.Text(text));
        }
        switch (device.Wiring)
        {
            case DeviceWiring.Door:
                Simulated(parse.GetValue(options.Line) is not null, DoorGpioKeys);
                if (parse.GetValue(options.Line) is { } line)
                {
                    Set("source", YamlValue.Text("gpio"));
                    Set("chip", YamlValue.Text(parse.GetValue(options.Chip) ?? edited.Find(path)?.Text("chip") ?? DefaultChip));
                    Set("line", YamlValue.Text(line));
                }
                else
                {
                    Text(options.Chip, "chip");
                }
                Flag(options.ActiveLow, "activeLow");
                Text(options.Bias, "bias");
                Text(options.Contact, "contact");
                Text(options.TamperLine, "tamperLine");
                Text(options.ReleaseLine, "releaseLine");
                Whole(options.Debounce, "debounceMs");
                if (parse.GetValue(options.Armed) is { } armed)
                {
                    Remove("armedDuring");
                    Set("armed", YamlValue.Boolean(armed));
                }
                if (parse.GetValue(options.ArmedDuring) is { Length: > 0 } windows)
                {
                    if (parse.GetValue(options.Armed) is not null)
                        _problems.Add(messages.ArmedAndArmedDuring);
                    Remove("armed");
                    Set("armedDuring", YamlValue.FlowList(windows.Select(YamlValue.Text)));
                }
                Whole(options.ReleaseWindow, "releaseWindowSeconds");
                Whole(options.HeldOpen, "heldOpenSeconds");
                Whole(options.StuckLineHours, "stuckLineHours");
                Whole(options.ChatterEdges, "chatterEdges");
                Whole(options.ChatterSeconds, "chatterSeconds");
                if (parse.GetValue(options.CareHours) is { } hours)
                    Nested("care", "noActivityHours", YamlValue.Number(hours));
                if (parse.GetValue(options.QuietHours) is { Length: > 0 } quiet)
                    Nested("care", "quietHours", YamlValue.FlowList(quiet.Select(YamlValue.Text)));
                break;
            case DeviceWiring.Relay:
                Simulated(parse.GetValue(options.AlarmLine) is not null || parse.GetValue(options.FaultLine) is not null, RelayGpioKeys);
                foreach (var (option, key) in new[] { (options.AlarmLine, "alarm"), (options.FaultLine, "fault") })
                {
                    var relay = edited.Find(path.Key(key));
                    if (parse.GetValue(option) is { } relayLine)
                    {
                        Set("source", YamlValue.Text("gpio"));
                        var chip = parse.GetValue(options.Chip) ?? relay?.Text("chip") ?? edited.Find(path.Key("alarm"))?.Text("chip") ?? DefaultChip;
                        Set(key, YamlValue.FlowMap([new("chip", YamlValue.Text(chip)), new("line", YamlValue.Text(relayLine))]));
                    }
                    else if (parse.GetValue(options.Chip) is { } chip && relay is not null)
                    {
                        Nested(key, "chip", YamlValue.Text(chip));
                    }
                }
                Text(options.Bias, "bias");
                Flag(options.ActiveLow, "activeLow");
                Whole(options.Debounce, "debounceMilliseconds");
                break;
            case DeviceWiring.Modbus:
                Whole(options.Slave, "slaveId");
                Text(options.Profile, "profile", Path.GetFullPath);
                break;
            case DeviceWiring.Camera:
                Text(options.Url, "source", source => source.Contains("://", StringComparison.Ordinal) ? source : Path.GetFullPath(source));
                Flag(options.Loop, "loop");
                Flag(options.RealTime, "realTime");
                Whole(options.Width, "width");
                Whole(options.Height, "height");
                Real(options.Fps, "fps");
                Real(options.DetectFps, "detectFps");
                Text(options.Model, "model", Path.GetFullPath);
                Text(options.ModelDirectory, "modelDirectory", Path.GetFullPath);
                Whole(options.TelemetrySeconds, "telemetrySeconds");
                break;
        }
        foreach (var key in parse.GetValue(options.Unset) ?? [])
        {
            if (key == "id")
                _problems.Add(messages.CannotUnsetId);
            else if (edited.Find(path.Key(key)) is null)
                _problems.Add(messages.UnsetMissingKey(key, device.Id));
            else
                Remove(key);
        }
        return edited;
    }
}
