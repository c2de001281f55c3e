namespace EdgeSecurity.Video.Tests;

/// <summary>One camera's tracker and rules, fed with the detections a test draws, one detector run per step.</summary>
internal sealed class RuleHarness
{
    public static readonly IReadOnlyList<string> Coco = File.ReadAllLines(Path.Combine(TestData.ModelDirectory, "coco80.names"));

    private readonly ByteTracker _tracker = new();
    private readonly IReadOnlyList<CameraRule> _rules;

    public RuleHarness(IReadOnlyList<ZoneDefinition> zones, params RuleDefinition[] rules)
    {
        var cameraZones = CameraZones.Create("cam-test", zones, 640, 360);
        _rules = CameraRules.Create("cam-test", rules, cameraZones, Coco);
    }

    public List<CameraAlert> Alerts { get; } = [];

    public IReadOnlyList<CameraAlert> Step(DateTimeOffset at, params DetectedObject[] detections)
    {
        var tracks = _tracker.Update(detections, at);
        return Evaluate(new CameraScene("cam-test", at, 0, tracks, true, detections, []));
    }

    public IReadOnlyList<CameraAlert> Evaluate(CameraScene scene)
    {
        var alerts = new List<CameraAlert>();
        foreach (var rule in _rules)
            rule.Evaluate(scene, alerts);
        Alerts.AddRange(alerts);
        return alerts;
    }

    public static ZoneDefinition Area(string name, float left, float top, float right, float bottom) =>
        new(name, ZoneKind.Area, [new(left, top), new(right, top), new(right, bottom), new(left, bottom)]);
}
