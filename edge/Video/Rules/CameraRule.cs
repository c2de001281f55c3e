using System.Globalization;

namespace EdgeSecurity.Video;

/// <summary>One rule of one camera, evaluated on every scene; it adds the alerts of its situation to a list.</summary>
public abstract class CameraRule
{
    /// <summary>How long a condition may lapse without restarting a rule's clock: a detector misses people for a moment (occlusion, a low score).</summary>
    private protected static readonly TimeSpan Gap = TimeSpan.FromSeconds(3);

    private readonly HashSet<string> _classes;

    private protected CameraRule(string camera, RuleDefinition definition, Zone? zone)
    {
        Definition = definition;
        Zone = zone;
        _classes = [.. definition.Classes ?? RuleDefaults.Classes(definition.Kind)];
        Situation = new AlertSituation(camera, definition.Name, RuleDefaults.EventType(definition.Kind), zone?.Name, definition.Cooldown, definition.UpdateInterval);
    }

    public RuleDefinition Definition { get; }

    public string Name => Definition.Name;

    public Zone? Zone { get; }

    private protected AlertSituation Situation { get; }

    public abstract void Evaluate(CameraScene scene, List<CameraAlert> alerts);

    private protected bool Counts(string label) => _classes.Contains(label);

    /// <summary>Tracks of the rule's classes standing in its zone (anywhere, without a zone).</summary>
    private protected IEnumerable<Track> InZone(CameraScene scene) =>
        scene.Tracks.Where(t => Counts(t.Label) && (Zone is null || Zone.Contains(t.Foot)));

    private protected bool Armed(CameraScene scene) => Definition.Schedule?.IsArmed(scene.At) ?? true;

    private protected static string Ids(IEnumerable<Track> tracks) => string.Join(',', tracks.Select(t => t.Id.ToString(CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal));

    private protected Dictionary<string, string> Attributes(IReadOnlyCollection<Track> tracks)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["rule"] = Name,
            ["count"] = tracks.Count.ToString(CultureInfo.InvariantCulture),
            ["tracks"] = Ids(tracks),
            ["labels"] = string.Join(',', tracks.Select(t => t.Label).Distinct().Order(StringComparer.Ordinal)),
        };
        if (Zone is not null)
            attributes["zone"] = Zone.Name;
        return attributes;
    }
}
