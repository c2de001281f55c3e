using System.CommandLine;
using System.Globalization;
using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Cli.Config;
using EdgeSecurity.Cli.Devices;
using EdgeSecurity.Configuration.Editing;
using EdgeSecurity.Contract;
using EdgeSecurity.Video;

namespace EdgeSecurity.Cli.Zones;

/// <summary>
/// <c>edgesec zone add|remove|list</c>: a camera's zones (and the rules watching them) in the agent's config, edited as
/// text like <c>device</c>. The points are checked against the camera's detect size before the agent's loader checks the rest.
/// </summary>
public static class ZoneEditCommands
{
    private const int DefaultWidth = 640;
    private const int DefaultHeight = 360;

    private static readonly string[] RuleTypes =
        ["perimeter_intrusion", "line_crossing", "loitering", "crowd_gathering", "fire_lane_blocked", "ebike_in_lift", "visible_flame", "visible_smoke", "object_thrown"];

    /// <summary>The config-editing subcommands of <c>zone</c> (the snapshot ones, draw and preview, live beside them).</summary>
    public static IEnumerable<Command> Create(GlobalOptions options)
    {
        var messages = options.Messages;
        var camera = new Argument<string>("CAMERA") { Description = messages.ZoneCameraArgument };
        var name = new Argument<string>("NAME") { Description = messages.ZoneNameArgument };
        var polygon = new Option<string>("--polygon") { Description = messages.PolygonOption, HelpName = "\"x1,y1 x2,y2 x3,y3 ...\"", Required = true };
        var kind = new Option<string>("--kind") { Description = messages.ZoneKindOption, HelpName = "area|line", DefaultValueFactory = _ => "area" };
        kind.AcceptOnlyFromAmong("area", "line");
        var relative = new Option<bool>("--relative") { Description = messages.RelativeOption };
        var rules = new Option<string[]>("--rule") { Description = messages.ZoneRuleOption, HelpName = "TYPE" };
        rules.AcceptOnlyFromAmong(RuleTypes);
        var addPath = ConfigCommands.ConfigPathOption(messages.ConfigPathOption);
        var add = new Command("add", messages.ZoneAddCommand) { camera, name, polygon, kind, relative, rules, addPath };
        add.SetAction(parse => Add(options.OutputFor(parse), parse.GetValue(addPath)!, parse.GetValue(camera)!, parse.GetValue(name)!,
            parse.GetValue(polygon)!, parse.GetValue(kind)!, parse.GetValue(relative), parse.GetValue(rules) ?? []));

        var removeCamera = new Argument<string>("CAMERA") { Description = messages.ZoneCameraArgument };
        var removeName = new Argument<string>("NAME") { Description = messages.ZoneNameArgument };
        var withRules = new Option<bool>("--with-rules") { Description = messages.WithRulesOption };
        var removePath = ConfigCommands.ConfigPathOption(messages.ConfigPathOption);
        var remove = new Command("remove", messages.ZoneRemoveCommand) { removeCamera, removeName, withRules, removePath };
        remove.SetAction(parse => Remove(options.OutputFor(parse), parse.GetValue(removePath)!, parse.GetValue(removeCamera)!, parse.GetValue(removeName)!, parse.GetValue(withRules)));

        var listCamera = new Argument<string?>("CAMERA") { Description = messages.ZoneListCameraArgument, Arity = ArgumentArity.ZeroOrOne };
        var listPath = ConfigCommands.ConfigPathOption(messages.ConfigPathOption);
        var list = new Command("list", messages.ZoneListCommand) { listCamera, listPath };
        list.SetAction(parse => List(options.OutputFor(parse), parse.GetValue(listPath)!, parse.GetValue(listCamera)));
        return [add, remove, list];
    }

    private static int Add(CliOutput output, string path, string cameraId, string name, string polygonText, string kind, bool relative, string[] ruleTypes)
    {
        var messages = output.Messages;
        return ConfigEdit.Apply(output, path, document =>
        {
            if (FindCamera(document, cameraId) is not { } camera)
                return new EditOutcome.Refused(messages.UnknownCamera(cameraId, CameraIds(document)));
            if (!Identifiers.IsValid(name))
                return new EditOutcome.Refused(messages.InvalidZoneName(name));
            var cameraNode = document.Find(camera)!;
            if (cameraNode.Get("zones")?.Items.Any(z => z.Text("name") == name) == true)
                return new EditOutcome.Refused(messages.DuplicateZone(cameraId, name));
            if (PolygonText.Parse(polygonText) is not { } points)
                return new EditOutcome.Refused(messages.BadPolygon(polygonText));
            var needed = kind == "line" ? 2 : 3;
            if (kind == "line" ? points.Count != 2 : points.Count < 3)
                return new EditOutcome.Refused(messages.TooFewPoints(kind, needed, points.Count));
            var width = Size(cameraNode.Text("width"), DefaultWidth);
            var height = Size(cameraNode.Text("height"), DefaultHeight);
            var (maxX, maxY) = relative ? (1.0, 1.0) : (width, height);
            var outside = points.Select((p, i) => (p, i)).Where(q => q.p.X < 0 || q.p.Y < 0 || q.p.X > maxX || q.p.Y > maxY).ToList();
            if (outside.Count > 0)
            {
                return new EditOutcome.Refused(messages.PointsOutside(cameraId, relative ? "0-1 × 0-1" : $"{width}×{height}"),
                    [.. outside.Select(q => string.Create(CultureInfo.InvariantCulture, $"{q.i + 1}: {q.p.X},{q.p.Y}"))]);
            }
            var definition = new ZoneDefinition(name, kind == "line" ? ZoneKind.Line : ZoneKind.Area,
                [.. points.Select(p => new PixelPoint((float)p.X, (float)p.Y))], relative ? ZoneUnits.Relative : ZoneUnits.Pixels);
            if (CameraZones.Check(definition, width, height) is { Count: > 0 } problems)
                return new EditOutcome.Refused(messages.BadZone(cameraId, name), problems);

            var entries = new List<KeyValuePair<string, YamlValue>> { new("name", YamlValue.Text(name)) };
            if (kind == "line")
                entries.Add(new("kind", YamlValue.Text("line")));
            if (relative)
                entries.Add(new("units", YamlValue.Text("relative")));
            entries.Add(new("points", YamlValue.FlowList(points.Select(p => YamlValue.FlowList([YamlValue.Number(p.X), YamlValue.Number(p.Y)])))));
            var edited = document.Append(camera, "zones", YamlValue.BlockMap(entries));
            foreach (var type in ruleTypes.Distinct())
            {
                var ruleName = $"{name}-{type.Replace('_', '-')}";
                if (cameraNode.Get("rules")?.Items.Any(r => r.Text("name") == ruleName) == true)
                    return new EditOutcome.Refused(messages.DuplicateRule(cameraId, ruleName));
                edited = edited.Append(camera, "rules", YamlValue.BlockMap([new("name", YamlValue.Text(ruleName)), new("type", YamlValue.Text(type)), new("zone", YamlValue.Text(name))]));
            }
            return new EditOutcome.Changed(edited, messages.ZoneAdded(cameraId, name, points.Count, path), new ZoneChange(path, "added", cameraId, name, [.. ruleTypes.Distinct()]));
        });
    }

    private static int Remove(CliOutput output, string path, string cameraId, string name, bool withRules)
    {
        var messages = output.Messages;
        return ConfigEdit.Apply(output, path, document =>
        {
            if (FindCamera(document, cameraId) is not { } camera)
                return new EditOutcome.Refused(messages.UnknownCamera(cameraId, CameraIds(document)));
            var cameraNode = document.Find(camera)!;
            var zones = cameraNode.Get("zones")?.Items ?? [];
            var index = zones.ToList().FindIndex(z => z.Text("name") == name);
            if (index < 0)
                return new EditOutcome.Refused(messages.UnknownZone(cameraId, name, [.. zones.Select(z => z.Text("name")).OfType<string>()]));
            var rules = cameraNode.Get("rules")?.Items ?? [];
            var watching = rules.Select((r, i) => (Name: r.Text("name"), Zone: r.Text("zone"), Index: i)).Where(r => r.Zone == name).ToList();
            if (watching.Count > 0 && !withRules)
                return new EditOutcome.Refused(messages.ZoneInUse(cameraId, name, string.Join(", ", watching.Select(r => r.Name))));
            var edited = document;
            // From the last rule back, so that the indexes of the earlier ones stay right.
            foreach (var rule in watching.OrderByDescending(r => r.Index))
                edited = edited.Remove(camera.Key("rules").Index(rule.Index));
            edited = edited.Remove(camera.Key("zones").Index(index));
            return new EditOutcome.Changed(edited, messages.ZoneRemoved(cameraId, name, watching.Count, path),
                new ZoneChange(path, "removed", cameraId, name, [.. watching.Select(r => r.Name).OfType<string>()]));
        });
    }

    private static int List(CliOutput output, string path, string? cameraId)
    {
        var messages = output.Messages;
        if (ConfigCommands.Load(output, path) is not { } config)
            return ExitCodes.BadUsage;
        var cameras = config.Cameras.Where(c => cameraId is null || c.Id == cameraId).ToList();
        if (cameraId is not null && cameras.Count == 0)
            return output.Fail(ExitCodes.BadUsage, messages.UnknownCamera(cameraId, [.. config.Cameras.Select(c => c.Id)]));
        var rows = cameras.SelectMany(c => c.Zones.Select(z => new ZoneRow(c.Id, z.Name, z.Kind == ZoneKind.Line ? "line" : "area",
            z.Units == ZoneUnits.Relative ? "relative" : "pixels", [.. z.Points.Select(p => new[] { p.X, p.Y })],
            [.. c.Rules.Where(r => r.Zone == z.Name).Select(r => r.Name)]))).ToList();
        return output.List(new ZoneListDocument(path, rows), rows, messages.NoZones(path),
            [messages.Camera, messages.Zone, messages.Kind, messages.Points, messages.Rules],
            row => [row.Camera, row.Name, row.Units == "relative" ? $"{row.Kind} (relative)" : row.Kind,
                string.Join(" ", row.Points.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p[0]:0.###},{p[1]:0.###}"))),
                row.Rules.Count == 0 ? "-" : string.Join(", ", row.Rules)]);
    }

    private static YamlPath? FindCamera(YamlTextDocument document, string id) =>
        DeviceInventory.Find(document, id) is { Wiring: DeviceWiring.Camera } camera ? camera.Path : null;

    private static IReadOnlyList<string> CameraIds(YamlTextDocument document) =>
        [.. DeviceInventory.All(document).Where(d => d.Wiring == DeviceWiring.Camera).Select(d => d.Id)];

    private static int Size(string? text, int fallback) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    private sealed record ZoneChange(string File, string Action, string Camera, string Zone, IReadOnlyList<string> Rules);

    private sealed record ZoneRow(string Camera, string Name, string Kind, string Units, IReadOnlyList<float[]> Points, IReadOnlyList<string> Rules);

    private sealed record ZoneListDocument(string File, IReadOnlyList<ZoneRow> Zones);
}
