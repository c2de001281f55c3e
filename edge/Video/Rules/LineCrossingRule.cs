using System.Globalization;

namespace EdgeSecurity.Video;

/// <summary>
/// Tripwire: an object of the rule's classes whose foot point steps across the line, in the configured direction,
/// while the schedule is armed. Each track counts once; the crossings of one busy minute are one alert.
/// </summary>
internal sealed class LineCrossingRule(string camera, RuleDefinition definition, Zone line) : CameraRule(camera, definition, line)
{
    private static readonly TimeSpan ForgetAfter = TimeSpan.FromMinutes(5);
    private readonly Dictionary<long, DateTimeOffset> _crossed = [];
    // The tracks that crossed during the open alert.
    private readonly List<Track> _recent = [];

    public override void Evaluate(CameraScene scene, List<CameraAlert> alerts)
    {
        foreach (var (id, _) in _crossed.Where(c => scene.At - c.Value > ForgetAfter).ToList())
            _crossed.Remove(id);
        var crossedNow = false;
        if (Armed(scene))
        {
            foreach (var track in scene.Tracks.Where(t => Counts(t.Label) && !_crossed.ContainsKey(t.Id)))
            {
                var crossing = Zone!.Crossing(track.PreviousFoot, track.Foot);
                if (crossing == LineCrossing.None || (Definition.Direction != LineCrossing.None && crossing != Definition.Direction))
                    continue;
                _crossed[track.Id] = scene.At;
                _recent.Add(track);
                crossedNow = true;
            }
        }
        Situation.Observe(scene, crossedNow, _recent.Count, CrossingAttributes, alerts);
        if (!Situation.IsOpen)
            _recent.Clear();
    }

    private Dictionary<string, string> CrossingAttributes()
    {
        var attributes = Attributes(_recent);
        attributes["direction"] = Definition.Direction == LineCrossing.None ? "any" : Definition.Direction == LineCrossing.LeftToRight ? "left-to-right" : "right-to-left";
        return attributes;
    }
}
