namespace EdgeSecurity.Video;

/// <summary>Perimeter intrusion: anyone of the rule's classes inside the zone while the schedule is armed.</summary>
internal sealed class PerimeterIntrusionRule(string camera, RuleDefinition definition, Zone zone) : CameraRule(camera, definition, zone)
{
    public override void Evaluate(CameraScene scene, List<CameraAlert> alerts)
    {
        var inside = Armed(scene) ? InZone(scene).ToList() : [];
        Situation.Observe(scene, inside.Count > 0, inside.Count, () => Attributes(inside), alerts);
    }
}

/// <summary>E-bike in a lift: a bicycle or motorcycle inside the lift zone (COCO has no e-bike class; both count).</summary>
internal sealed class EbikeInLiftRule(string camera, RuleDefinition definition, Zone zone) : CameraRule(camera, definition, zone)
{
    public override void Evaluate(CameraScene scene, List<CameraAlert> alerts)
    {
        var inside = InZone(scene).ToList();
        Situation.Observe(scene, inside.Count > 0, inside.Count, () => Attributes(inside), alerts);
    }
}

/// <summary>Fire lane blocked: a vehicle that has stood still inside the zone for the duration.</summary>
internal sealed class FireLaneBlockedRule(string camera, RuleDefinition definition, Zone zone) : CameraRule(camera, definition, zone)
{
    public override void Evaluate(CameraScene scene, List<CameraAlert> alerts)
    {
        var parked = InZone(scene).Where(t => t.StationaryFor(scene.At) >= Definition.Duration).ToList();
        Situation.Observe(scene, parked.Count > 0, parked.Count, () => Attributes(parked), alerts);
    }
}

/// <summary>
/// Loitering: a person who has stayed inside the zone for the duration. Out of the zone (or out of sight: missed by the
/// detector, behind a pillar) for longer than a short gap restarts their time.
/// </summary>
internal sealed class LoiteringRule(string camera, RuleDefinition definition, Zone zone) : CameraRule(camera, definition, zone)
{
    private readonly Dictionary<long, (DateTimeOffset Entered, DateTimeOffset LastInside)> _stays = [];

    public override void Evaluate(CameraScene scene, List<CameraAlert> alerts)
    {
        var inside = InZone(scene).ToList();
        foreach (var track in inside)
            _stays[track.Id] = (_stays.TryGetValue(track.Id, out var stay) ? stay.Entered : scene.At, scene.At);
        foreach (var (id, _) in _stays.Where(s => scene.At - s.Value.LastInside > Gap).ToList())
            _stays.Remove(id);
        var loitering = inside.Where(t => scene.At - _stays[t.Id].Entered >= Definition.Duration).ToList();
        Situation.Observe(scene, loitering.Count > 0, loitering.Count, () => Attributes(loitering), alerts);
    }
}

/// <summary>Crowd gathering: at least MinPersons persons in the zone (or the frame) for the duration, gaps up to a few seconds forgiven.</summary>
internal sealed class CrowdGatheringRule(string camera, RuleDefinition definition, Zone? zone) : CameraRule(camera, definition, zone)
{
    private DateTimeOffset? _crowdSince;
    private DateTimeOffset _lastCrowded;

    public override void Evaluate(CameraScene scene, List<CameraAlert> alerts)
    {
        var persons = InZone(scene).ToList();
        if (persons.Count >= Definition.MinPersons)
        {
            _crowdSince ??= scene.At;
            _lastCrowded = scene.At;
        }
        else if (scene.At - _lastCrowded > Gap)
        {
            // A person missed by the detector for a moment does not break up the crowd; a longer thinning does.
            _crowdSince = null;
        }
        var active = _crowdSince is { } since && persons.Count >= Definition.MinPersons && scene.At - since >= Definition.Duration;
        Situation.Observe(scene, active, persons.Count, () => Attributes(persons), alerts);
    }
}
