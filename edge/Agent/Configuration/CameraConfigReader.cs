using System.Globalization;
using EdgeSecurity.Agent.Cameras;
using EdgeSecurity.Configuration;
using EdgeSecurity.Contract;
using EdgeSecurity.Video;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EdgeSecurity.Agent.Configuration;

/// <summary>
/// Reads the <c>cameras:</c> section of the agent config: sources, detect size and rates, model, zones (checked against
/// the detect size) and rules (checked against the zones). Problems go to the same error list as the rest of the file,
/// with line and column; a rule's classes are checked against the model's labels when the agent loads the model.
/// </summary>
internal static class CameraConfigReader
{
    private const int MaxNameLength = 100;
    private const int MaxPathLength = 4096;
    private const int MaxPlacePartLength = 64;

    private static readonly Dictionary<string, RuleKind> RuleTypes = new(StringComparer.Ordinal)
    {
        ["perimeter_intrusion"] = RuleKind.PerimeterIntrusion,
        ["line_crossing"] = RuleKind.LineCrossing,
        ["loitering"] = RuleKind.Loitering,
        ["crowd_gathering"] = RuleKind.CrowdGathering,
        ["fire_lane_blocked"] = RuleKind.FireLaneBlocked,
        ["ebike_in_lift"] = RuleKind.EbikeInLift,
        ["visible_flame"] = RuleKind.VisibleFlame,
        ["visible_smoke"] = RuleKind.VisibleSmoke,
        ["object_thrown"] = RuleKind.ObjectThrown,
    };

    public static IReadOnlyList<CameraConfig> Read(YamlSection root, string baseDirectory)
    {
        var (node, errors) = root.Raw("cameras", "a list of cameras");
        if (node is null)
            return [];
        if (node is not YamlSequenceNode list)
        {
            root.Error("cameras", "is not a list", "a list of cameras, each a mapping with id, source, model, zones and rules");
            return [];
        }
        var cameras = new List<CameraConfig>();
        var firstLineOfId = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < list.Children.Count; i++)
        {
            var camera = CameraYaml.Of(list.Children[i], $"cameras[{i}]", errors, "a camera: a mapping with id, source, model, zones and rules");
            var config = ReadCamera(camera, baseDirectory);
            if (config.Id.Length > 0 && !firstLineOfId.TryAdd(config.Id, camera.PositionOf("id").Line))
                camera.Error("id", $"camera id '{config.Id}' is already used at line {firstLineOfId[config.Id]}", "a unique id for each camera");
            cameras.Add(config);
        }
        return cameras;
    }

    private static CameraConfig ReadCamera(CameraYaml camera, string baseDirectory)
    {
        var id = camera.Id("id", required: true, "the camera's device id") ?? "";
        var name = camera.Text("name", MaxNameLength, required: false, "the camera's name");
        var place = ReadPlace(camera.Mapping("place", "a mapping with building, unit, floor and room"));
        var source = camera.Text("source", MaxPathLength, required: true, "an rtsp:// URL or a video file path") ?? "";
        if (source.Length > 0 && !source.Contains("://", StringComparison.Ordinal))
            source = Path.GetFullPath(source, baseDirectory);
        var loop = camera.Boolean("loop", fallback: false);
        var realTime = camera.Boolean("realTime", fallback: true);
        var width = camera.WholeNumber("width", fallback: 640, min: 64, max: 3840, "pixels");
        var height = camera.WholeNumber("height", fallback: 360, min: 64, max: 2160, "pixels");
        var fps = camera.NumberOrNull("fps", min: 0.1, max: 60, "frames per second decoded (default: the stream's own rate)");
        var detectFps = camera.Number("detectFps", fallback: 5, min: 0.1, max: 30, "detector runs per second at most");
        var model = ReadModel(camera, baseDirectory);
        var telemetry = camera.WholeNumber("telemetrySeconds", fallback: 60, min: 1, max: 3600, "seconds");
        var objectsPerMinute = camera.WholeNumber("objectsPerMinute", fallback: 0, min: 0, max: 600, "structured objects sent per minute at most (0: none)");
        var zones = ReadZones(camera, id, width, height);
        var rules = ReadRules(camera, zones, model is not null);
        camera.ReportUnknownKeys();
        return new CameraConfig(id, name, place, source, loop, realTime, width, height, fps, detectFps, model, TimeSpan.FromSeconds(telemetry), zones, rules)
        {
            ObjectsPerMinute = objectsPerMinute,
        };
    }

    private static CameraModelConfig? ReadModel(CameraYaml camera, string baseDirectory)
    {
        var manifest = camera.Text("model", MaxPathLength, required: false, "the path of a model manifest (.yaml), e.g. models/yolox_nano_416.yaml");
        var directory = camera.Text("modelDirectory", MaxPathLength, required: false, "the directory holding the model's .onnx and labels");
        if (manifest is null)
        {
            if (directory is not null)
                camera.Error("modelDirectory", "a model directory without a model", "a model as well, or no modelDirectory");
            return null;
        }
        var manifestPath = Path.GetFullPath(manifest, baseDirectory);
        return new CameraModelConfig(manifestPath, directory is null ? Path.GetDirectoryName(manifestPath)! : Path.GetFullPath(directory, baseDirectory));
    }

    private static DoorPlace ReadPlace(CameraYaml place)
    {
        var config = new DoorPlace(
            place.Text("building", MaxPlacePartLength, required: false, "a building"),
            place.Text("unit", MaxPlacePartLength, required: false, "a unit"),
            place.Text("floor", MaxPlacePartLength, required: false, "a floor"),
            place.Text("room", MaxPlacePartLength, required: false, "a room"));
        place.ReportUnknownKeys();
        return config;
    }

    private static List<ZoneDefinition> ReadZones(CameraYaml camera, string cameraId, int width, int height)
    {
        var zones = new List<ZoneDefinition>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var zone in camera.Mappings("zones", "a list of zones", "a zone: a mapping with name, kind, units and points"))
        {
            var name = zone.Id("name", required: true, "the zone's name") ?? "";
            var kind = zone.Choice("kind", ["area", "line"], "area") == "line" ? ZoneKind.Line : ZoneKind.Area;
            var units = zone.Choice("units", ["pixels", "relative"], "pixels") == "relative" ? ZoneUnits.Relative : ZoneUnits.Pixels;
            var points = zone.Points("points");
            zone.ReportUnknownKeys();
            if (name.Length > 0 && !names.Add(name))
                zone.Error("name", $"zone name '{name}' is already used by this camera", "a unique name for each zone of a camera");
            var definition = new ZoneDefinition(name, kind, points, units);
            if (points.Count > 0)
            {
                foreach (var problem in CameraZones.Check(definition, width, height))
                    zone.Error("points", $"camera {cameraId} zone {name}: {problem}", "points inside the frame, as many as the zone's kind needs, edges that do not cross");
            }
            zones.Add(definition);
        }
        return zones;
    }

    private static List<RuleDefinition> ReadRules(CameraYaml camera, List<ZoneDefinition> zones, bool hasModel)
    {
        var rules = new List<RuleDefinition>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in camera.Mappings("rules", "a list of rules", "a rule: a mapping with name, type, zone and its settings"))
        {
            var name = rule.Id("name", required: true, "the rule's name") ?? "";
            var typeText = rule.Choice("type", [.. RuleTypes.Keys], null);
            var kind = typeText is null ? RuleKind.PerimeterIntrusion : RuleTypes[typeText];
            var zone = rule.Id("zone", required: false, "the name of one of the camera's zones");
            var classes = rule.Strings("classes", "labels of the model, e.g. [person]");
            var seconds = rule.WholeNumber("seconds", fallback: 30, min: 1, max: 86400, "seconds the condition must last (loitering, crowd, fire lane)");
            var minPersons = rule.WholeNumber("minPersons", fallback: 5, min: 2, max: 1000, "persons (crowd gathering)");
            var direction = rule.Choice("direction", ["any", "left-to-right", "right-to-left"], "any") switch
            {
                "left-to-right" => LineCrossing.LeftToRight,
                "right-to-left" => LineCrossing.RightToLeft,
                _ => LineCrossing.None,
            };
            var schedule = ReadSchedule(rule);
            var cooldown = rule.WholeNumber("cooldownSeconds", fallback: 60, min: 1, max: 86400, "seconds");
            var minFrames = rule.WholeNumber("minFrames", fallback: 2, min: 1, max: 100, "detector runs in a row");
            var floorHeight = (float)rule.Number("floorHeight", fallback: 0, min: 0, max: 10000, "pixels: the height of one storey (object thrown)");
            var minFloors = rule.WholeNumber("minFloors", fallback: 2, min: 1, max: 100, "storeys");
            rule.ReportUnknownKeys();
            if (typeText is null)
                continue;
            if (name.Length > 0 && !names.Add(name))
                rule.Error("name", $"rule name '{name}' is already used by this camera", "a unique name for each rule of a camera");
            var required = RuleDefaults.RequiredZone(kind);
            var zoneDefinition = zone is null ? null : zones.FirstOrDefault(z => z.Name == zone);
            if (zone is null && required is not null)
                rule.Error("type", $"this {typeText} rule needs a zone", $"zone: the name of one of the camera's {(required == ZoneKind.Line ? "lines" : "areas")}");
            else if (zone is not null && zoneDefinition is null)
                rule.Error("zone", $"'{zone}' is not a zone of this camera", $"one of: {string.Join(", ", zones.Select(z => z.Name).DefaultIfEmpty("(no zones)"))}");
            else if (zoneDefinition is not null && zoneDefinition.Kind != (required ?? ZoneKind.Area))
                rule.Error("zone", $"'{zone}' is {(zoneDefinition.Kind == ZoneKind.Line ? "a line" : "an area")}", $"{(required == ZoneKind.Line ? "a line" : "an area")} for a {typeText} rule");
            if (RuleDefaults.NeedsDetector(kind) && !hasModel)
                rule.Error("type", $"this {typeText} rule needs the camera's detector", "model: a model manifest for this camera");
            if (kind == RuleKind.ObjectThrown && floorHeight <= 0)
                rule.Error("type", "this object_thrown rule needs floorHeight", "floorHeight: the height of one storey in frame pixels");
            rules.Add(new RuleDefinition(name, kind)
            {
                Zone = zone,
                Classes = classes,
                Duration = TimeSpan.FromSeconds(seconds),
                MinPersons = minPersons,
                Direction = direction,
                Schedule = schedule,
                Cooldown = TimeSpan.FromSeconds(cooldown),
                MinFrames = minFrames,
                FloorHeight = floorHeight,
                MinFloors = minFloors,
            });
        }
        return rules;
    }

    private static ArmingSchedule? ReadSchedule(CameraYaml rule)
    {
        var windows = rule.Strings("schedule", "daily windows of local time, e.g. [\"22:00-06:00\"]");
        if (windows is null)
            return null;
        var parsed = new List<(TimeOnly, TimeOnly)>();
        foreach (var text in windows)
        {
            if (ArmingSchedule.ParseWindow(text, out var problem) is { } window)
                parsed.Add(window);
            else
                rule.Error("schedule", problem!, "windows written HH:mm-HH:mm, e.g. 22:00-06:00 (may pass midnight)");
        }
        return parsed.Count == 0 ? null : new ArmingSchedule(parsed, TimeZoneInfo.Local);
    }

    /// <summary>A mapping of the cameras section, with the reads the rest of the agent config does not need.</summary>
    private sealed class CameraYaml : YamlMapping
    {
        private CameraYaml(YamlMappingNode? node, Mark start, string path, ConfigErrors errors)
            : base(node, start, path, errors, "keys like 'source' or 'detectFps'")
        {
        }

        public static CameraYaml Of(YamlNode node, string path, ConfigErrors errors, string what)
        {
            if (node is YamlMappingNode mapping)
                return new CameraYaml(mapping, node.Start, path, errors);
            ReportNotMapping(node, path, errors, what);
            return new CameraYaml(null, node.Start, path, errors);
        }

        public CameraYaml Mapping(string key, string what)
        {
            var node = Value(key, required: false, what);
            return node is null ? new CameraYaml(null, PositionOf(key), PathOf(key), Errors) : Of(node, PathOf(key), Errors, what);
        }

        public IEnumerable<CameraYaml> Mappings(string key, string what, string itemWhat) =>
            [.. Sequence(key, what).Select((item, i) => Of(item, $"{PathOf(key)}[{i}]", Errors, itemWhat))];

        public string? Choice(string key, IReadOnlyList<string> choices, string? fallback)
        {
            var expected = $"one of: {string.Join(", ", choices)}";
            var text = Scalar(key, required: fallback is null, expected);
            if (text is null)
                return fallback;
            if (choices.Contains(text))
                return text;
            Error(key, $"{Quote(text)} is not a choice{NameSuggestion.Hint(text, choices)}", expected);
            return null;
        }

        public double Number(string key, double fallback, double min, double max, string what) => NumberOrNull(key, min, max, what) ?? fallback;

        public double? NumberOrNull(string key, double min, double max, string what)
        {
            var expected = string.Create(CultureInfo.InvariantCulture, $"a number from {min} to {max}: {what}");
            var text = Scalar(key, required: false, expected);
            if (text is null)
                return null;
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            {
                Error(key, $"{Quote(text)} is not a number", expected);
                return null;
            }
            if (value < min || value > max)
            {
                Error(key, string.Create(CultureInfo.InvariantCulture, $"{value} is out of range"), expected);
                return null;
            }
            return value;
        }

        /// <summary>A list of scalars; null when absent.</summary>
        public IReadOnlyList<string>? Strings(string key, string what)
        {
            var node = Value(key, required: false, what);
            if (node is null)
                return null;
            if (node is YamlSequenceNode sequence && sequence.Children.All(c => c is YamlScalarNode { Value.Length: > 0 }))
                return [.. sequence.Children.Select(c => ((YamlScalarNode)c).Value!)];
            Error(key, $"found {Describe(node)}", $"a list of {what}");
            return null;
        }

        /// <summary>Points written [[x, y], [x, y], ...]; empty when absent or malformed (reported).</summary>
        public List<PixelPoint> Points(string key)
        {
            const string expected = "a list of [x, y] points, e.g. [[0, 0.5], [1, 0.5], [1, 1]]";
            var node = Value(key, required: true, expected);
            if (node is null)
                return [];
            var points = new List<PixelPoint>();
            if (node is YamlSequenceNode sequence)
            {
                foreach (var item in sequence.Children)
                {
                    if (item is YamlSequenceNode { Children: [YamlScalarNode x, YamlScalarNode y] }
                        && float.TryParse(x.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var px)
                        && float.TryParse(y.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var py))
                    {
                        points.Add(new PixelPoint(px, py));
                        continue;
                    }
                    Errors.Add(item.Start, PathOf(key), $"found {Describe(item)} where a point belongs", expected);
                    return [];
                }
                return points;
            }
            Error(key, $"found {Describe(node)}", expected);
            return [];
        }
    }
}
