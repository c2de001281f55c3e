using System.Globalization;
using EdgeSecurity.Agent.Doors;
using EdgeSecurity.Agent.Schedules;
using EdgeSecurity.Bindings.Gpiod;

namespace EdgeSecurity.Agent.Configuration;

/// <summary>Reads the <c>doors</c> list: identity and place, source and lines, arming, supervision and care.</summary>
internal static class DoorConfigReader
{
    private const int MaxPlacePartLength = 64;
    private const int MaxDoorNameLength = 100;
    private const int MaxHeldOpenSeconds = 24 * 60 * 60;
    private const int MaxLineTextLength = 64;
    private static readonly string[] GpioOnlyKeys = ["chip", "line", "activeLow", "bias", "contact", "releaseLine", "tamperLine"];
    private const string LineExpected = "a line offset (0, 1, ...) or a line name as gpioinfo shows it";

    public static List<DoorConfig> ReadDoors(YamlSection root)
    {
        var doors = new List<DoorConfig>();
        var firstLineOfId = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var door in root.Sections("doors", "a list of doors", "a door: a mapping with id, name, place, source, armed, ..."))
        {
            var config = ReadDoor(door);
            if (config.Id.Length > 0 && !firstLineOfId.TryAdd(config.Id, door.PositionOf("id").Line))
                door.Error("id", $"door id '{config.Id}' is already used at line {firstLineOfId[config.Id]}", "a unique id for each door");
            doors.Add(config);
        }
        return doors;
    }

    private static DoorConfig ReadDoor(YamlSection door)
    {
        var id = door.RequiredId("id", "the door's device id");
        var name = door.OptionalText("name", MaxDoorNameLength, "the door's name");
        var place = ReadPlace(door.Section("place", required: false, "a mapping with grid, building, unit, floor and room"));
        var source = ReadSource(door);
        var lines = ReadLines(door, id, source);
        var armedDuring = door.List<TimeRange>("armedDuring", TimeRange.Format, TimeRange.TryParse);
        if (door.Has("armedDuring") && door.Has("armed"))
            door.Error("armed", "both 'armed' and 'armedDuring' are given", "either armed: true|false or an armedDuring schedule");
        var armed = door.Boolean("armed", fallback: true);
        var releaseWindow = door.WholeNumber("releaseWindowSeconds", fallback: 10, min: 1, max: 600, "seconds");
        var heldOpen = door.WholeNumber("heldOpenSeconds", fallback: 60, min: 5, max: MaxHeldOpenSeconds, "seconds");
        var stuckHours = door.WholeNumber("stuckLineHours", fallback: 0, min: 1, max: 24 * 365, "hours");
        // A simulated door is moved by operators and tests, which may move it fast on purpose: no chatter watch unless asked for.
        var chatterEdges = door.WholeNumber("chatterEdges", fallback: source == DoorSource.Gpio ? LineSupervision.Default.ChatterEdges : 0, min: 0, max: 1000,
            "changes (0: no chatter watch)");
        if (chatterEdges == 1)
            door.Error("chatterEdges", "1 is out of range", "0 (no chatter watch) or an integer number of changes from 2 to 1000");
        var supervision = new LineSupervision(
            chatterEdges,
            TimeSpan.FromSeconds(door.WholeNumber("chatterSeconds", fallback: (int)LineSupervision.Default.ChatterWindow.TotalSeconds, min: 1, max: 3600, "seconds")),
            stuckHours > 0 ? TimeSpan.FromHours(stuckHours) : null);
        var care = ReadCare(door.Section("care", required: false, "a mapping with noActivityHours and quietHours"), door.Has("care"));
        door.ReportUnknownKeys();
        return new DoorConfig(id, name, place, source, armed, TimeSpan.FromSeconds(releaseWindow), TimeSpan.FromSeconds(heldOpen),
            lines, door.Has("armedDuring") ? armedDuring : null, supervision, care);
    }

    internal static DoorPlace ReadPlace(YamlSection place)
    {
        var config = new DoorPlace(
            place.OptionalText("building", MaxPlacePartLength, "a building"),
            place.OptionalText("unit", MaxPlacePartLength, "a unit"),
            place.OptionalText("floor", MaxPlacePartLength, "a floor"),
            place.OptionalText("room", MaxPlacePartLength, "a room"),
            place.OptionalId("grid", "the door's grid (网格), when it is not the gateway's"));
        place.ReportUnknownKeys();
        return config;
    }

    private static DoorSource ReadSource(YamlSection door)
    {
        const string expected = "simulated (driven through the control socket) or gpio (a contact on a GPIO line)";
        switch (door.OptionalText("source", 32, "a door source"))
        {
            case null or "simulated":
                return DoorSource.Simulated;
            case "gpio":
                return DoorSource.Gpio;
            case var other:
                door.Error("source", $"unknown door source '{other}'", expected);
                return DoorSource.Simulated;
        }
    }

    private static DoorLines ReadLines(YamlSection door, string id, DoorSource source)
    {
        var debounce = TimeSpan.FromMilliseconds(door.WholeNumber("debounceMs", fallback: 20, min: 0, max: 1000, "milliseconds"));
        var chip = door.OptionalText("chip", MaxLineTextLength, "a GPIO chip: name (gpiochip0), /dev path, number or label");
        var line = door.OptionalText("line", MaxLineTextLength, LineExpected);
        var activeLow = door.Boolean("activeLow", fallback: true);
        var bias = ReadBias(door);
        var contact = ReadContact(door);
        var releaseLine = door.OptionalText("releaseLine", MaxLineTextLength, LineExpected);
        var tamperLine = door.OptionalText("tamperLine", MaxLineTextLength, LineExpected);
        if (source == DoorSource.Simulated)
        {
            foreach (var key in GpioOnlyKeys.Where(door.Has))
                door.Error(key, $"'{key}' applies to GPIO doors only", "source: gpio, or no line settings for a simulated door");
            return SimulatedDoorWiring.LinesFor(id, debounce);
        }
        if (chip is null)
            door.Error("chip", "is missing", "a GPIO chip for source: gpio, e.g. gpiochip0");
        if (line is null)
            door.Error("line", "is missing", $"{LineExpected}, for source: gpio");
        var named = new[] { ("line", line), ("releaseLine", releaseLine), ("tamperLine", tamperLine) }.Where(l => l.Item2 is not null).ToList();
        foreach (var duplicate in named.GroupBy(l => l.Item2).Where(g => g.Count() > 1).SelectMany(g => g.Skip(1)))
            door.Error(duplicate.Item1, $"line '{duplicate.Item2}' is already used by this door", "three different lines for contact, release and tamper");
        return new DoorLines(chip ?? "", line ?? "", activeLow, bias, contact, debounce, releaseLine, tamperLine);
    }

    private static GpioBias ReadBias(YamlSection door)
    {
        const string expected = "pull-up, pull-down, disabled (an external resistor defines the level) or as-is";
        return door.OptionalText("bias", 16, expected) switch
        {
            null or "pull-up" => GpioBias.PullUp,
            "pull-down" => GpioBias.PullDown,
            "disabled" => GpioBias.Disabled,
            "as-is" => GpioBias.AsIs,
            var other => Invalid(door, "bias", other, expected, GpioBias.PullUp),
        };
    }

    private static ContactType ReadContact(YamlSection door)
    {
        const string expected = "nc (normally closed: closed while the door is closed; recommended) or no";
        return door.OptionalText("contact", 8, expected) switch
        {
            null or "nc" => ContactType.NormallyClosed,
            "no" => ContactType.NormallyOpen,
            var other => Invalid(door, "contact", other, expected, ContactType.NormallyClosed),
        };
    }

    private static T Invalid<T>(YamlSection section, string key, string value, string expected, T fallback)
    {
        section.Error(key, $"'{value}' is not valid", expected);
        return fallback;
    }

    private static CareWatchConfig? ReadCare(YamlSection care, bool present)
    {
        var hours = care.WholeNumber("noActivityHours", fallback: 0, min: 1, max: 24 * 14, "hours");
        var quiet = care.List<TimeRange>("quietHours", TimeRange.Format, TimeRange.TryParse);
        if (present && !care.Has("noActivityHours"))
            care.Error("noActivityHours", "is missing", string.Create(CultureInfo.InvariantCulture, $"the hours without door activity that raise care.no_activity, 1 to {24 * 14}"));
        care.ReportUnknownKeys();
        return present && hours > 0 ? new CareWatchConfig(TimeSpan.FromHours(hours), quiet) : null;
    }
}
