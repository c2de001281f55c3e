namespace EdgeSecurity.Video;

/// <summary>Builds a camera's rules from their definitions, checked against its zones and its model's labels.</summary>
public static class CameraRules
{
    /// <param name="labels">The camera's model labels, or null for a camera without a model.</param>
    /// <exception cref="CameraSetupException">Any rule is unusable; every problem is listed, each with the camera and rule names.</exception>
    public static IReadOnlyList<CameraRule> Create(string camera, IReadOnlyList<RuleDefinition> definitions, CameraZones zones, IReadOnlyList<string>? labels)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        ArgumentNullException.ThrowIfNull(zones);
        var problems = new List<string>();
        var rules = new List<CameraRule>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var definition in definitions)
        {
            var found = Check(definition, zones, labels);
            if (!names.Add(definition.Name))
                found.Add("the name is used by another rule of this camera");
            problems.AddRange(found.Select(p => $"camera {camera} rule {definition.Name}: {p}"));
            if (found.Count == 0)
                rules.Add(Build(camera, definition, definition.Zone is null ? null : zones.Find(definition.Zone)));
        }
        if (problems.Count > 0)
            throw new CameraSetupException(problems);
        return rules;
    }

    private static List<string> Check(RuleDefinition rule, CameraZones zones, IReadOnlyList<string>? labels)
    {
        var problems = new List<string>();
        var required = RuleDefaults.RequiredZone(rule.Kind);
        if (rule.Zone is null)
        {
            if (required is { } kind)
                problems.Add($"needs a zone ({(kind == ZoneKind.Line ? "a line" : "an area")})");
        }
        else if (zones.Find(rule.Zone) is not { } zone)
        {
            problems.Add($"zone '{rule.Zone}' is not a zone of this camera (its zones: {string.Join(", ", zones.All.Select(z => z.Name).DefaultIfEmpty("none"))})");
        }
        else if (zone.Kind != (required ?? ZoneKind.Area))
        {
            problems.Add($"zone '{rule.Zone}' is {(zone.Kind == ZoneKind.Line ? "a line" : "an area")}; this rule needs {(required == ZoneKind.Line ? "a line" : "an area")}");
        }
        if (RuleDefaults.NeedsDetector(rule.Kind))
        {
            if (labels is null)
                problems.Add("needs the camera to have a model");
            else if (rule.Classes is { } classes)
                problems.AddRange(classes.Where(c => !labels.Contains(c)).Select(c => $"class '{c}' is not a label of the camera's model"));
            else if (!RuleDefaults.Classes(rule.Kind).Any(labels.Contains))
                problems.Add($"the camera's model has none of the labels this rule watches ({string.Join(", ", RuleDefaults.Classes(rule.Kind))}); give it the right model or list classes");
        }
        if (rule.Kind == RuleKind.ObjectThrown && rule.FloorHeight <= 0)
            problems.Add("needs floorHeight: the height of one storey in frame pixels");
        return problems;
    }

    private static CameraRule Build(string camera, RuleDefinition definition, Zone? zone) => definition.Kind switch
    {
        RuleKind.PerimeterIntrusion => new PerimeterIntrusionRule(camera, definition, zone!),
        RuleKind.LineCrossing => new LineCrossingRule(camera, definition, zone!),
        RuleKind.Loitering => new LoiteringRule(camera, definition, zone!),
        RuleKind.CrowdGathering => new CrowdGatheringRule(camera, definition, zone),
        RuleKind.FireLaneBlocked => new FireLaneBlockedRule(camera, definition, zone!),
        RuleKind.EbikeInLift => new EbikeInLiftRule(camera, definition, zone!),
        RuleKind.VisibleFlame or RuleKind.VisibleSmoke => new VisibleFireRule(camera, definition, zone),
        RuleKind.ObjectThrown => new ObjectThrownRule(camera, definition, zone),
        _ => throw new ArgumentOutOfRangeException(nameof(definition), definition.Kind, null),
    };
}
