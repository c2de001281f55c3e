using System.Globalization;

namespace EdgeSecurity.Video;

/// <summary>
/// Visible flame or smoke: detections of the rule's labels (in the zone, if it has one) in MinFrames detector runs in a
/// row. Frames the detector skipped (no motion) neither count nor break the run.
/// </summary>
internal sealed class VisibleFireRule(string camera, RuleDefinition definition, Zone? zone) : CameraRule(camera, definition, zone)
{
    private int _framesInRow;
    private List<DetectedObject> _seen = [];

    public override void Evaluate(CameraScene scene, List<CameraAlert> alerts)
    {
        if (scene.Detected)
        {
            _seen = [.. scene.Detections.Where(d => Counts(d.Label) && (Zone is null || Zone.Contains(Centre(d.Box))))];
            _framesInRow = _seen.Count > 0 ? _framesInRow + 1 : 0;
        }
        var active = _framesInRow >= Definition.MinFrames;
        Situation.Observe(scene, active, _seen.Count, FireAttributes, alerts);
    }

    private Dictionary<string, string> FireAttributes()
    {
        var attributes = Attributes([]);
        attributes["count"] = _seen.Count.ToString(CultureInfo.InvariantCulture);
        attributes["labels"] = string.Join(',', _seen.Select(d => d.Label).Distinct().Order(StringComparer.Ordinal));
        attributes["boxes"] = string.Join(' ', _seen.Select(d => d.Box.ToString()));
        return attributes;
    }

    private static PixelPoint Centre(BoundingBox box) => new((box.Left + box.Right) / 2, (box.Top + box.Bottom) / 2);
}
