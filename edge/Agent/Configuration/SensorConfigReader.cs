using System.Globalization;
using EdgeSecurity.Bindings.Gpiod;
using EdgeSecurity.Bindings.Serial;
using EdgeSecurity.Modbus.Profiles;

namespace EdgeSecurity.Agent.Configuration;

/// <summary>
/// Reads the sensor sections of the agent config: <c>smokeDetectors</c> (dry contacts on GPIO) and <c>rs485Buses</c>
/// (Modbus RTU devices with their profiles). Device ids must be unique across doors, detectors, sensors and buses,
/// because each is a topic segment of its own.
/// </summary>
internal static class SensorConfigReader
{
    private const int MaxNameLength = 100;
    private const int MaxLineNameLength = 64;
    private const string GpioLineExpected = "a mapping with chip (e.g. gpiochip0) and line (an offset like 22 or a line name)";

    public sealed record Sensors(IReadOnlyList<SmokeDetectorConfig> SmokeDetectors, IReadOnlyList<Rs485BusConfig> Rs485Buses);

    public static Sensors Read(YamlSection root, string baseDirectory, IEnumerable<string> doorIds)
    {
        var ids = new DeviceIds(doorIds);
        var detectors = root.Sections("smokeDetectors", "a list of dry-contact smoke detectors", "a smoke detector: a mapping with id, source, alarm, fault, ...")
            .Select(section => ReadSmokeDetector(section, ids)).ToList();
        var profiles = new Dictionary<string, DeviceProfile?>(StringComparer.Ordinal);
        var busSections = root.Sections("rs485Buses", "a list of RS-485 buses", "a bus: a mapping with id, port, baudRate, devices, ...");
        var buses = busSections.Select(section => ReadBus(section, baseDirectory, ids, profiles)).ToList();
        var ports = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (bus, section) in buses.Zip(busSections))
        {
            if (bus.Port.Length > 0 && !ports.TryAdd(bus.Port, bus.Id))
                section.Error("port", $"the port {bus.Port} is already used by bus '{ports[bus.Port]}'", "one bus per serial port: put every device of that cable under one bus");
        }
        return new Sensors(detectors, buses);
    }

    private static SmokeDetectorConfig ReadSmokeDetector(YamlSection detector, DeviceIds ids)
    {
        var id = detector.RequiredId("id", "the smoke detector's device id");
        ids.Claim(detector, id);
        var name = detector.OptionalText("name", MaxNameLength, "the detector's name");
        var place = DoorConfigReader.ReadPlace(detector.Section("place", required: false, "a mapping with building, unit, floor and room"));
        var source = ReadRelaySource(detector);
        var alarm = ReadGpioLine(detector.Section("alarm", required: source == SmokeRelaySource.Gpio, GpioLineExpected), source);
        var faultSection = detector.Section("fault", required: false, GpioLineExpected);
        var fault = ReadGpioLine(faultSection, source);
        var bias = ReadBias(detector);
        var activeLow = detector.Boolean("activeLow", fallback: true);
        var debounce = detector.WholeNumber("debounceMilliseconds", fallback: 50, min: 0, max: 5000, "milliseconds");
        detector.ReportUnknownKeys();
        return new SmokeDetectorConfig(id, name, place, source, alarm, fault, bias, activeLow, TimeSpan.FromMilliseconds(debounce));
    }

    private static SmokeRelaySource ReadRelaySource(YamlSection detector)
    {
        const string expected = "gpio (relays on GPIO inputs, the default) or simulated (relays switched through the control socket)";
        switch (detector.OptionalText("source", 32, "a relay source"))
        {
            case null or "gpio":
                return SmokeRelaySource.Gpio;
            case "simulated":
                return SmokeRelaySource.Simulated;
            case var other:
                detector.Error("source", $"unknown smoke detector source '{other}'", expected);
                return SmokeRelaySource.Gpio;
        }
    }

    private static GpioLineAddress? ReadGpioLine(YamlSection line, SmokeRelaySource source)
    {
        var chip = line.OptionalText("chip", MaxLineNameLength, "a GPIO chip: its name (gpiochip0), /dev path, number or label");
        var lineText = line.OptionalText("line", MaxLineNameLength, "a line offset (e.g. 22) or line name");
        line.ReportUnknownKeys();
        if (lineText is null)
        {
            if (chip is not null)
                line.Error("line", "is missing", "the line's offset or name on that chip");
            return null;
        }
        if (source == SmokeRelaySource.Simulated)
        {
            line.Error("line", "a simulated detector has no GPIO lines", "no alarm and fault lines with source: simulated, or source: gpio");
            return null;
        }
        var isOffset = int.TryParse(lineText, NumberStyles.None, CultureInfo.InvariantCulture, out var offset);
        return (chip, isOffset) switch
        {
            (null, true) => Invalid(line, "chip", "an offset needs its chip", "chip: gpiochip0 (or the chip's label or number)"),
            (null, false) => GpioLineAddress.Named(lineText),
            (_, true) => GpioLineAddress.OnChip(chip, offset),
            (_, false) => GpioLineAddress.OnChip(chip, lineText),
        };
    }

    private static GpioLineAddress? Invalid(YamlSection section, string key, string problem, string expected)
    {
        section.Error(key, problem, expected);
        return null;
    }

    private static GpioBias ReadBias(YamlSection detector)
    {
        const string expected = "pull-up (the default), pull-down, disabled (an external resistor) or as-is";
        return detector.OptionalText("bias", 16, "a bias") switch
        {
            null or "pull-up" => GpioBias.PullUp,
            "pull-down" => GpioBias.PullDown,
            "disabled" => GpioBias.Disabled,
            "as-is" => GpioBias.AsIs,
            var other => Fallback(detector, "bias", $"unknown bias '{other}'", expected, GpioBias.PullUp),
        };
    }

    private static Rs485BusConfig ReadBus(YamlSection bus, string baseDirectory, DeviceIds ids, Dictionary<string, DeviceProfile?> profiles)
    {
        var id = bus.RequiredId("id", "the bus id (its health is reported as a device of this id)");
        ids.Claim(bus, id);
        var port = ConfigLoader.ReadPath(bus, "port", baseDirectory);
        if (port is null)
            bus.Error("port", "is missing", "the serial device of the USB–RS-485 adapter, e.g. /dev/rs485-1 (hardware/gateway/99-edgesecurity-rs485.rules)");
        var serial = ReadSerial(bus);
        var responseTimeout = bus.WholeNumber("responseTimeoutMilliseconds", fallback: 300, min: 10, max: 5000, "milliseconds");
        var retries = bus.WholeNumber("retries", fallback: 1, min: 0, max: 5);
        var poll = bus.WholeNumber("pollMilliseconds", fallback: 5000, min: 50, max: 3_600_000, "milliseconds");
        var offlineAfter = bus.WholeNumber("offlineAfterMissedPolls", fallback: 3, min: 1, max: 1000, "polls");
        var telemetry = bus.WholeNumber("telemetrySeconds", fallback: 60, min: 1, max: 86_400, "seconds");
        var devices = new List<ModbusDeviceConfig>();
        var slaves = new Dictionary<int, string>();
        foreach (var device in bus.Sections("devices", "a list of the Modbus devices on this bus", "a device: a mapping with id, slaveId, profile, name, place"))
        {
            var config = ReadModbusDevice(device, baseDirectory, ids, profiles);
            if (config is null)
                continue;
            if (!slaves.TryAdd(config.SlaveId, config.Id))
                device.Error("slaveId", $"slave id {config.SlaveId} is already used by '{slaves[config.SlaveId]}' on this bus", "a unique slave id per bus (set it on the device before mounting it)");
            devices.Add(config);
        }
        if (devices.Count == 0)
            bus.Error("devices", "the bus has no devices", "at least one device with id, slaveId and profile");
        bus.ReportUnknownKeys();
        return new Rs485BusConfig(id, port ?? "", serial, TimeSpan.FromMilliseconds(responseTimeout), retries, TimeSpan.FromMilliseconds(poll),
            offlineAfter, TimeSpan.FromSeconds(telemetry), devices);
    }

    private static SerialSettings ReadSerial(YamlSection bus)
    {
        var supported = string.Join(", ", SerialSettings.SupportedBaudRates.Order());
        var baud = bus.WholeNumber("baudRate", fallback: 9600, min: 1, max: 4_000_000);
        if (!SerialSettings.SupportedBaudRates.Contains(baud))
        {
            bus.Error("baudRate", $"{baud} baud is not supported", $"one of {supported}");
            baud = 9600;
        }
        var parity = bus.OptionalText("parity", 8, "a parity") switch
        {
            null or "none" => SerialParity.None,
            "even" => SerialParity.Even,
            "odd" => SerialParity.Odd,
            var other => Fallback(bus, "parity", $"unknown parity '{other}'", "none (the default), even or odd", SerialParity.None),
        };
        var stopBits = bus.WholeNumber("stopBits", fallback: 1, min: 1, max: 2) == 2 ? SerialStopBits.Two : SerialStopBits.One;
        return new SerialSettings { BaudRate = baud, DataBits = 8, Parity = parity, StopBits = stopBits };
    }

    private static ModbusDeviceConfig? ReadModbusDevice(YamlSection device, string baseDirectory, DeviceIds ids, Dictionary<string, DeviceProfile?> profiles)
    {
        var id = device.RequiredId("id", "the device id");
        ids.Claim(device, id);
        var slaveId = device.WholeNumber("slaveId", fallback: 0, min: 1, max: 247);
        // A key that is absent has the mapping's own position; one present but out of range was reported already.
        if (slaveId == 0 && device.PositionOf("slaveId").Equals(device.Start))
            device.Error("slaveId", "is missing", "the device's Modbus slave id, 1-247");
        var name = device.OptionalText("name", MaxNameLength, "the device's name");
        var place = DoorConfigReader.ReadPlace(device.Section("place", required: false, "a mapping with building, unit, floor and room"));
        var profilePath = ConfigLoader.ReadPath(device, "profile", baseDirectory);
        DeviceProfile? profile = null;
        if (profilePath is null)
            device.Error("profile", "is missing", "the path of the model's device profile, e.g. /etc/edgesecurity/profiles/photoelectric-smoke-detector.yaml");
        else
            profile = LoadProfile(device, profilePath, profiles);
        device.ReportUnknownKeys();
        return profile is null || slaveId == 0 ? null : new ModbusDeviceConfig(id, name, place, (byte)slaveId, profilePath!, profile);
    }

    private static DeviceProfile? LoadProfile(YamlSection device, string path, Dictionary<string, DeviceProfile?> profiles)
    {
        if (profiles.TryGetValue(path, out var known))
            return known;
        var result = DeviceProfileLoader.LoadFile(path);
        if (!result.Succeeded)
        {
            // The profile's own errors carry their file, line and column; the first ones say enough to fix it.
            var shown = string.Join("; ", result.Errors.Take(3));
            var more = result.Errors.Count > 3 ? $" (and {result.Errors.Count - 3} more)" : "";
            device.Error("profile", $"the profile cannot be used: {shown}{more}", "a valid device profile (hardware/profiles/README.md)");
        }
        else if (result.Profile!.Resources.All(r => r.Writable))
        {
            device.Error("profile", $"the profile {result.Profile.Name} has nothing to poll (every resource is readWrite: RW)", "a profile with status or measurement resources (readWrite: R)");
            profiles[path] = null;
            return null;
        }
        profiles[path] = result.Profile;
        return result.Profile;
    }

    private static T Fallback<T>(YamlSection section, string key, string problem, string expected, T fallback)
    {
        section.Error(key, problem, expected);
        return fallback;
    }

    /// <summary>Device ids seen so far in the file, with the line of their first use.</summary>
    private sealed class DeviceIds(IEnumerable<string> doorIds)
    {
        private readonly Dictionary<string, string> _firstUse = doorIds.Distinct(StringComparer.Ordinal).ToDictionary(id => id, _ => "a door", StringComparer.Ordinal);

        public void Claim(YamlSection section, string id)
        {
            if (id.Length == 0)
                return;
            if (_firstUse.TryGetValue(id, out var where))
                section.Error("id", $"device id '{id}' is already used by {where}", "a unique id for each door, detector, sensor and bus");
            else
                _firstUse[id] = $"the device at line {section.PositionOf("id").Line}";
        }
    }
}
