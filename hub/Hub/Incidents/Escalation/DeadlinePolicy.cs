using System.Globalization;
using EdgeSecurity.Contract;

namespace EdgeSecurity.Hub.Incidents.Escalation;

/// <summary>
/// How long an open incident may stay in a state before it escalates one tier, per warning level. Defaults follow the
/// seeds' response targets (a fire is acknowledged within 2 minutes and someone is there within 15); each can be set
/// as Hub:Deadlines:{notice|warning|alarm}:{reported|acknowledged|dispatched|on_site} = hh:mm:ss.
/// </summary>
public sealed class DeadlinePolicy
{
    public const string Section = "Hub:Deadlines";

    private static readonly Dictionary<WarningLevel, TimeSpan[]> Defaults = new()
    {
        [WarningLevel.Alarm] = [TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromHours(1)],
        [WarningLevel.Warning] = [TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30), TimeSpan.FromHours(4)],
        [WarningLevel.Notice] = [TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(8), TimeSpan.FromHours(24)],
    };

    private readonly Dictionary<(WarningLevel, IncidentState), TimeSpan> _limits = [];

    private DeadlinePolicy()
    {
    }

    /// <exception cref="InvalidOperationException">A configured limit is not a positive time span.</exception>
    public static DeadlinePolicy From(IConfiguration configuration)
    {
        var policy = new DeadlinePolicy();
        foreach (var (level, limits) in Defaults)
        {
            for (var i = 0; i < IncidentStates.Open.Count; i++)
            {
                var state = IncidentStates.Open[i];
                var key = $"{Section}:{ApiNames.Of(level)}:{ApiNames.Of(state)}";
                var text = configuration[key];
                var limit = limits[i];
                if (text is not null && (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out limit) || limit <= TimeSpan.Zero))
                    throw new InvalidOperationException($"{key} = '{text}' is not a positive time span such as 00:05:00.");
                policy._limits[(level, state)] = limit;
            }
        }
        return policy;
    }

    /// <summary>When an incident entering <paramref name="state"/> at <paramref name="at"/> must have moved on; none once it is no longer open.</summary>
    public DateTimeOffset? DeadlineFor(WarningLevel level, IncidentState state, DateTimeOffset at) =>
        _limits.TryGetValue((level, state), out var limit) ? at + limit : null;
}
