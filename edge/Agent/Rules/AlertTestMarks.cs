namespace EdgeSecurity.Agent.Rules;

/// <summary>
/// The test flag each camera alert was raised with (by its <c>alertId</c> attribute), so its later updates and its end
/// keep it: an alert raised before a walk test stays real for its whole life, one raised during a walk test stays a
/// test after it; otherwise the hub would split one alert into a real incident and a test one. Bounded: the oldest
/// alerts are forgotten first, and an update of a forgotten alert (or one raised before a restart) is marked as now.
/// </summary>
public sealed class AlertTestMarks
{
    public const int Capacity = 4096;

    private const string AlertIdAttribute = "alertId";
    private const string PhaseAttribute = "phase";
    private const string Raised = "raised";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, bool> _marks = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    /// <summary>The event's test flag: for an alert's raised event <paramref name="now"/>, remembered; for its later events the remembered one.</summary>
    public bool Mark(IReadOnlyDictionary<string, string>? attributes, bool now)
    {
        if (attributes is null || !attributes.TryGetValue(AlertIdAttribute, out var alertId))
            return now;
        var raised = !attributes.TryGetValue(PhaseAttribute, out var phase) || phase == Raised;
        lock (_gate)
        {
            if (!raised)
                return _marks.TryGetValue(alertId, out var remembered) ? remembered : now;
            if (_marks.TryAdd(alertId, now))
            {
                _order.Enqueue(alertId);
                if (_order.Count > Capacity)
                    _marks.Remove(_order.Dequeue());
            }
            else
            {
                _marks[alertId] = now;
            }
            return now;
        }
    }
}
