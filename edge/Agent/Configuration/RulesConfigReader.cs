using EdgeSecurity.Agent.Schedules;
using EdgeSecurity.Contract;

namespace EdgeSecurity.Agent.Configuration;

/// <summary>Reads <c>fusion</c>, <c>maintenance</c>, <c>testDevices</c>, <c>modes</c> and <c>commands</c>: what the agent does with events.</summary>
internal static class RulesConfigReader
{
    private const int MaxRuleNameLength = 64;
    private const int MaxWindowSeconds = 3600;
    private static readonly string EventTypeExpected = $"an event type of contract version {ContractReader.Version}, e.g. fire.smoke_alarm";

    public static RulesConfig Read(YamlSection root)
    {
        var fusion = root.Sections("fusion", "a list of fusion rules", "a rule: a mapping with name, when, samePlace, withinSeconds, raise, level").Select(ReadFusionRule).ToList();
        foreach (var duplicate in fusion.GroupBy(r => r.Name).Where(g => g.Key.Length > 0 && g.Count() > 1))
            root.Error("fusion", $"rule name '{duplicate.Key}' is used {duplicate.Count()} times", "a unique name per rule");
        var maintenance = root.Sections("maintenance", "a list of maintenance windows", "a window: a mapping with devices and when").Select(ReadMaintenance).ToList();
        var testDevices = root.List<string>("testDevices", "a list of device ids whose events are marked as tests", TryParseId).ToHashSet(StringComparer.Ordinal);
        var modes = ReadModes(root.Section("modes", required: false, "a mapping with heightened and emergency"), fusion);
        var commands = root.Section("commands", required: false, "a mapping with maxAgeSeconds");
        var maxAge = commands.WholeNumber("maxAgeSeconds", fallback: 300, min: 10, max: 86400, "seconds");
        commands.ReportUnknownKeys();
        return new RulesConfig(fusion, maintenance, testDevices, modes, TimeSpan.FromSeconds(maxAge));
    }

    private static FusionRule ReadFusionRule(YamlSection rule)
    {
        var name = rule.RequiredText("name", MaxRuleNameLength, "the rule's name");
        var when = rule.List<EventType>("when", EventTypeExpected, TryParseEventType);
        if (when.Count < 2)
            rule.Error("when", $"{when.Count} event type(s)", "at least two different event types that together raise the rule");
        else if (when.Distinct().Count() != when.Count)
            rule.Error("when", "an event type is listed twice", "different event types");
        var samePlace = ReadScope(rule);
        var within = rule.WholeNumber("withinSeconds", fallback: 60, min: 1, max: MaxWindowSeconds, "seconds");
        var raiseCode = rule.RequiredText("raise", 64, EventTypeExpected);
        var raise = EventTypes.Find(raiseCode);
        if (raise is null && raiseCode.Length > 0)
            rule.Error("raise", $"unknown event type '{raiseCode}'", EventTypeExpected);
        var level = rule.WholeNumber("level", fallback: (int)(raise?.DefaultLevel ?? WarningLevel.Alarm), min: 1, max: 3, "warning level (1 notice, 2 warning, 3 alarm)");
        rule.ReportUnknownKeys();
        return new FusionRule(name, when, samePlace, TimeSpan.FromSeconds(within), raise ?? EventTypes.ConfirmedFire, (WarningLevel)level);
    }

    private static PlaceScope ReadScope(YamlSection rule)
    {
        const string expected = "community, building, unit, floor or room: the place parts that must agree";
        return rule.OptionalText("samePlace", 16, expected) switch
        {
            null or "building" => PlaceScope.Building,
            "community" => PlaceScope.Community,
            "unit" => PlaceScope.Unit,
            "floor" => PlaceScope.Floor,
            "room" => PlaceScope.Room,
            var other => Invalid(rule, "samePlace", other, expected, PlaceScope.Building),
        };
    }

    private static MaintenanceWindow ReadMaintenance(YamlSection window)
    {
        var devices = window.List<string>("devices", "a list of device ids (every device when left out)", TryParseId);
        var when = window.List<TimeRange>("when", TimeRange.Format, TimeRange.TryParse);
        if (when.Count == 0 && !window.Has("when"))
            window.Error("when", "is missing", TimeRange.Format);
        window.ReportUnknownKeys();
        return new MaintenanceWindow(devices, when);
    }

    private static Dictionary<GatewayMode, ModeConfig> ReadModes(YamlSection modes, List<FusionRule> fusion)
    {
        var result = new Dictionary<GatewayMode, ModeConfig>();
        foreach (var mode in new[] { GatewayMode.Normal, GatewayMode.Heightened, GatewayMode.Emergency })
        {
            var code = GatewayModes.Code(mode);
            var section = modes.Section(code, required: false, "a mapping with levels, heldOpenSeconds, armAllDoors and fusionWithinSeconds");
            if (!modes.Has(code))
                continue;
            var levels = new Dictionary<EventType, WarningLevel>();
            var levelsSection = section.Section("levels", required: false, "a mapping from event type to warning level 1-3");
            foreach (var typeCode in levelsSection.Keys())
            {
                var level = levelsSection.WholeNumber(typeCode, fallback: 0, min: 1, max: 3, "warning level (1 notice, 2 warning, 3 alarm)");
                if (EventTypes.Find(typeCode) is not { } type)
                    levelsSection.Error(typeCode, $"unknown event type '{typeCode}'", EventTypeExpected);
                else if (level > 0)
                    levels[type] = (WarningLevel)level;
            }
            var heldOpenSeconds = section.WholeNumber("heldOpenSeconds", fallback: 0, min: 5, max: 86400, "seconds");
            TimeSpan? heldOpen = heldOpenSeconds > 0 ? TimeSpan.FromSeconds(heldOpenSeconds) : null;
            var armAll = section.Boolean("armAllDoors", fallback: false);
            var windows = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
            var windowsSection = section.Section("fusionWithinSeconds", required: false, "a mapping from fusion rule name to its window in seconds");
            foreach (var ruleName in windowsSection.Keys())
            {
                var seconds = windowsSection.WholeNumber(ruleName, fallback: 0, min: 1, max: MaxWindowSeconds, "seconds");
                if (!fusion.Any(r => r.Name == ruleName))
                    windowsSection.Error(ruleName, $"no fusion rule is named '{ruleName}'", "the name of a rule under fusion");
                else if (seconds > 0)
                    windows[ruleName] = TimeSpan.FromSeconds(seconds);
            }
            section.ReportUnknownKeys();
            result[mode] = new ModeConfig(levels, heldOpen, armAll, windows);
        }
        modes.ReportUnknownKeys();
        return result;
    }

    private static bool TryParseId(string text, out string id)
    {
        id = text;
        return Identifiers.IsValid(text);
    }

    private static bool TryParseEventType(string text, out EventType type)
    {
        type = EventTypes.Find(text)!;
        return type is not null;
    }

    private static T Invalid<T>(YamlSection section, string key, string value, string expected, T fallback)
    {
        section.Error(key, $"'{value}' is not valid", expected);
        return fallback;
    }
}
