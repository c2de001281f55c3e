using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Agent.Publishing;
using EdgeSecurity.Contract;

namespace EdgeSecurity.Agent.Rules;

/// <summary>
/// Combines events by type name: when one event of each type a rule names has happened at the same place within the
/// rule's window, it yields one more event of the rule's type and level, which names the events it combines. Each
/// event takes part in a rule's combination once. Generic over event types, so camera and sensor events mix. The
/// combined event carries the rule's name in <c>attributes.rule</c>; it is not fed back into fusion, so a rule may
/// raise one of its own input types (an intrusion confirmed by a door) without feeding itself.
/// </summary>
/// <param name="windowOf">The rule's window now: the gateway's mode may widen or narrow it.</param>
public sealed class FusionEngine(IReadOnlyList<FusionRule> rules, Func<FusionRule, TimeSpan> windowOf)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<FusionRule, List<Observed>> _recent = rules.ToDictionary(r => r, _ => new List<Observed>());

    public IReadOnlyList<Detection> Observe(Detection detection, Guid eventId)
    {
        var fused = new List<Detection>();
        lock (_gate)
        {
            foreach (var rule in rules.Where(r => r.When.Contains(detection.Type)))
            {
                var recent = _recent[rule];
                var window = windowOf(rule);
                recent.RemoveAll(o => detection.OccurredAt - o.Detection.OccurredAt > window);
                recent.Add(new Observed(detection, eventId));
                var match = rule.When
                    .Select(type => recent.LastOrDefault(o => o.Detection.Type == type && SamePlace(o.Detection.Place, detection.Place, rule.SamePlace)))
                    .ToList();
                if (match.Any(o => o is null))
                    continue;
                foreach (var used in match)
                    recent.Remove(used!);
                fused.Add(Combine(rule, detection, match!));
            }
        }
        return fused;
    }

    private static Detection Combine(FusionRule rule, Detection trigger, List<Observed> parts)
    {
        var attributes = new Dictionary<string, string>
        {
            ["rule"] = rule.Name,
            ["fusedEvents"] = string.Join(',', parts.Select(p => p.EventId)),
            ["fusedTypes"] = string.Join(',', parts.Select(p => p.Detection.Type.Code)),
            ["fusedDevices"] = string.Join(',', parts.Select(p => p.Detection.DeviceId).Distinct()),
        };
        return new Detection(trigger.DeviceId, CommonPlace(trigger.Place, rule.SamePlace), rule.Raise, trigger.OccurredAt, attributes, rule.Level,
            IsTest: parts.Any(p => p.Detection.IsTest));
    }

    private static bool SamePlace(Place a, Place b, PlaceScope scope) =>
        a.Community == b.Community
        && (scope < PlaceScope.Building || a.Building == b.Building)
        && (scope < PlaceScope.Unit || a.Unit == b.Unit)
        && (scope < PlaceScope.Floor || a.Floor == b.Floor)
        && (scope < PlaceScope.Room || a.Room == b.Room);

    /// <summary>The place the combined events share: the rule's scope of it, with the grid the worker is dispatched by.</summary>
    private static Place CommonPlace(Place place, PlaceScope scope) => new(
        place.Community,
        place.Grid,
        scope >= PlaceScope.Building ? place.Building : null,
        scope >= PlaceScope.Unit ? place.Unit : null,
        scope >= PlaceScope.Floor ? place.Floor : null,
        scope >= PlaceScope.Room ? place.Room : null);

    private sealed record Observed(Detection Detection, Guid EventId);
}
