using System.Globalization;

namespace EdgeSecurity.Video;

/// <summary>Object thrown from height: the falling-object detector found a trajectory in this frame's motion.</summary>
internal sealed class ObjectThrownRule : CameraRule
{
    private readonly FallingObjectDetector _detector;
    private readonly List<FallingObject> _falls = [];

    public ObjectThrownRule(string camera, RuleDefinition definition, Zone? zone)
        : base(camera, definition, zone) =>
        _detector = new FallingObjectDetector(new FallingObjectOptions { FloorHeight = definition.FloorHeight, MinFloors = definition.MinFloors });

    public override void Evaluate(CameraScene scene, List<CameraAlert> alerts)
    {
        var motion = Zone is null ? scene.Motion : [.. scene.Motion.Where(m => Zone.Contains(new PixelPoint((m.Left + m.Right) / 2, (m.Top + m.Bottom) / 2)))];
        var found = _detector.Update(motion, scene.At);
        _falls.AddRange(found);
        Situation.Observe(scene, found.Count > 0, _falls.Count, FallAttributes, alerts);
        if (!Situation.IsOpen)
            _falls.Clear();
    }

    private Dictionary<string, string> FallAttributes()
    {
        var attributes = Attributes([]);
        var last = _falls[^1];
        attributes["count"] = _falls.Count.ToString(CultureInfo.InvariantCulture);
        attributes["from"] = string.Create(CultureInfo.InvariantCulture, $"{last.From.X:0},{last.From.Y:0}");
        attributes["to"] = string.Create(CultureInfo.InvariantCulture, $"{last.To.X:0},{last.To.Y:0}");
        attributes["floors"] = last.Floors.ToString("0.0", CultureInfo.InvariantCulture);
        attributes["seconds"] = last.Duration.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
        return attributes;
    }
}
