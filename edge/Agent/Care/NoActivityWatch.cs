using System.Globalization;
using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Agent.Doors;
using EdgeSecurity.Agent.Schedules;
using EdgeSecurity.Contract;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Agent.Care;

/// <summary>
/// 独居老人关爱: the door of a registered elderly resident's home that neither opens nor closes for the configured
/// hours raises <c>care.no_activity</c>, addressed to the grid worker of the door's grid. Quiet hours (the night)
/// do not count towards those hours, so nobody is alarmed because a resident sleeps. After a report, the next comes
/// after as many hours again without activity.
/// </summary>
public sealed class NoActivityWatch : IDisposable
{
    public const string AddressedTo = "grid_worker";

    private static readonly TimeSpan Step = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private readonly DoorContact _door;
    private readonly CareWatchConfig _care;
    private readonly LocalClock _clock;
    private readonly ILogger _logger;
    private DateTimeOffset _lastActivity;
    private DateTimeOffset _countFrom;
    private ITimer? _timer;
    private bool _disposed;

    public NoActivityWatch(DoorContact door, CareWatchConfig care, LocalClock clock, ILogger logger)
    {
        _door = door;
        _care = care;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>The agent's start counts as activity: what happened before it is unknown.</summary>
    public void Start() => Activity(_clock.Time.GetUtcNow());

    /// <summary>
    /// Cheap, as it runs on the door's edge path: the timer is set for the earliest the report can be due, and the
    /// quiet hours are only counted when it fires.
    /// </summary>
    public void Activity(DateTimeOffset at)
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _lastActivity = at;
            _countFrom = at;
            SetTimer(at + _care.NoActivityAfter);
        }
    }

    /// <summary>When the door will have been inactive for the configured hours outside quiet hours, counted from <paramref name="from"/>.</summary>
    public DateTimeOffset DueAfter(DateTimeOffset from)
    {
        var remaining = _care.NoActivityAfter;
        var at = from;
        // Bounded: quiet hours cannot cover a whole week, or no time would ever count.
        var limit = from + _care.NoActivityAfter + TimeSpan.FromDays(8);
        while (remaining > TimeSpan.Zero && at < limit)
        {
            at += Step;
            if (!_clock.InAny(_care.QuietHours, at))
                remaining -= Step;
        }
        return at;
    }

    private void SetTimer(DateTimeOffset at)
    {
        var due = at - _clock.Time.GetUtcNow();
        _timer ??= _clock.Time.CreateTimer(_ => OnTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private void OnTimer()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            var now = _clock.Time.GetUtcNow();
            var due = DueAfter(_countFrom);
            if (due > now)
            {
                SetTimer(due);
                return;
            }
            var grid = _door.Place.Grid;
            var attributes = new Dictionary<string, string>
            {
                ["addressedTo"] = AddressedTo,
                ["lastActivityAt"] = _lastActivity.ToString("O", CultureInfo.InvariantCulture),
                ["noActivityHours"] = _care.NoActivityAfter.TotalHours.ToString("0.##", CultureInfo.InvariantCulture),
            };
            if (grid is not null)
                attributes["grid"] = grid;
            var eventId = _door.Report(EventTypes.NoActivity, now, attributes);
            _logger.LogWarning("Door {DoorId}: no activity since {Last:O}; care event {EventId} for the grid worker of {Grid}", _door.Id, _lastActivity, eventId, grid ?? "(no grid)");
            // The next report comes after as many hours again without activity, counted from this one.
            _countFrom = now;
            SetTimer(now + _care.NoActivityAfter);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer?.Dispose();
        }
    }
}
