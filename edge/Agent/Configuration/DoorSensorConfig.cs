using EdgeSecurity.Agent.Schedules;
using EdgeSecurity.Bindings.Gpiod;

namespace EdgeSecurity.Agent.Configuration;

/// <summary>Which contact is fitted: NC (closed while the door is closed; a cut cable reads open) or NO.</summary>
public enum ContactType { NormallyClosed, NormallyOpen }

/// <summary>
/// The lines of one door on a chip: the contact, and optionally the access controller's release output and the
/// contact's tamper loop. All three share the chip, active-low and bias. With <see cref="ActiveLow"/> (contacts that
/// switch a pulled-up line to ground) the logical value is true while a contact is closed, the release relay is
/// pulling, or the tamper loop is intact.
/// </summary>
public sealed record DoorLines(
    string Chip,
    string Line,
    bool ActiveLow,
    GpioBias Bias,
    ContactType Contact,
    TimeSpan Debounce,
    string? ReleaseLine,
    string? TamperLine);

/// <summary>
/// What watches the line itself: more than <see cref="ChatterEdges"/> changes within <see cref="ChatterWindow"/> is a
/// chattering line (a loose wire, a floating input; 0 turns this off); no change for <see cref="StuckAfter"/> is a stuck one.
/// </summary>
public sealed record LineSupervision(int ChatterEdges, TimeSpan ChatterWindow, TimeSpan? StuckAfter)
{
    /// <summary>A GPIO door's: 20 changes in 10 s (ten passages) is more than a door sees, and no stuck-line watch.</summary>
    public static LineSupervision Default { get; } = new(20, TimeSpan.FromSeconds(10), null);

    /// <summary>A simulated door's, and a door built without supervision: nothing watched.</summary>
    public static LineSupervision None { get; } = new(0, TimeSpan.FromSeconds(10), null);
}

/// <summary>独居老人关爱: no opening or closing for <see cref="NoActivityAfter"/>, not counting <see cref="QuietHours"/>, is reported to the grid worker.</summary>
public sealed record CareWatchConfig(TimeSpan NoActivityAfter, IReadOnlyList<TimeRange> QuietHours);
