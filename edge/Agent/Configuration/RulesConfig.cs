using EdgeSecurity.Agent.Schedules;
using EdgeSecurity.Contract;

namespace EdgeSecurity.Agent.Configuration;

/// <summary>What the agent does with events beyond reporting them: combine, suppress, mark as tests, and switch modes.</summary>
public sealed record RulesConfig(
    IReadOnlyList<FusionRule> Fusion,
    IReadOnlyList<MaintenanceWindow> Maintenance,
    IReadOnlySet<string> TestDevices,
    IReadOnlyDictionary<GatewayMode, ModeConfig> Modes,
    TimeSpan CommandMaxAge)
{
    public static RulesConfig None { get; } = new([], [], new HashSet<string>(), new Dictionary<GatewayMode, ModeConfig>(), TimeSpan.FromMinutes(5));

    public ModeConfig For(GatewayMode mode) => Modes.GetValueOrDefault(mode) ?? ModeConfig.Unchanged;
}

/// <summary>How much of two events' places must agree for them to be "at the same place".</summary>
public enum PlaceScope { Community, Building, Unit, Floor, Room }

/// <summary>
/// One event of each type in <see cref="When"/>, at the same place, within <see cref="Within"/> of each other,
/// raise one more event of type <see cref="Raise"/> at <see cref="Level"/>.
/// </summary>
public sealed record FusionRule(string Name, IReadOnlyList<EventType> When, PlaceScope SamePlace, TimeSpan Within, EventType Raise, WarningLevel Level);

/// <summary>Events of <see cref="Devices"/> (every device when empty) during <see cref="When"/> are suppressed.</summary>
public sealed record MaintenanceWindow(IReadOnlyList<string> Devices, IReadOnlyList<TimeRange> When);

/// <summary>
/// What a mode changes: warning levels by event type (fusion results included), a cap on every door's held-open time,
/// whether every door is armed whatever its schedule, and the windows of fusion rules by rule name.
/// </summary>
public sealed record ModeConfig(
    IReadOnlyDictionary<EventType, WarningLevel> Levels,
    TimeSpan? HeldOpenAtMost,
    bool ArmAllDoors,
    IReadOnlyDictionary<string, TimeSpan>? FusionWindows = null)
{
    public static ModeConfig Unchanged { get; } = new(new Dictionary<EventType, WarningLevel>(), null, false);

    /// <summary>The rule's window in this mode.</summary>
    public TimeSpan WindowOf(FusionRule rule) => FusionWindows?.GetValueOrDefault(rule.Name, rule.Within) ?? rule.Within;
}
