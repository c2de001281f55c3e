using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Agent.Modes;
using EdgeSecurity.Agent.Publishing;
using EdgeSecurity.Agent.Schedules;
using EdgeSecurity.Contract;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Agent.Doors;

/// <summary>
/// The state machine of one door contact. An opening while armed is forced unless the access controller
/// released the door shortly before; an opening that lasts too long is held open. One release admits one
/// opening, as a card swipe admits one passage. Holding-open is watched whether or not the door is armed,
/// because a propped door is a risk either way. A door with an <c>armedDuring</c> schedule is armed inside those hours
/// of the gateway's time zone; the emergency mode may arm every door, and modes may shorten the held-open time.
/// </summary>
public sealed class DoorContact : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Place _place;
    private readonly TimeProvider _time;
    private readonly IEventPublisher _publisher;
    private readonly ILogger _logger;
    private readonly IReadOnlyDictionary<string, string>? _attributes;
    private readonly LocalClock _clock;
    private readonly GatewayModeState? _mode;
    private DateTimeOffset? _releasedAt;
    private DateTimeOffset? _lastChangeAt;
    private ITimer? _heldOpenTimer;
    private int _opening;
    private bool _disposed;

    public DoorContact(DoorConfig config, Place place, TimeProvider time, IEventPublisher publisher, ILogger<DoorContact> logger,
        LocalClock? clock = null, GatewayModeState? mode = null)
    {
        Config = config;
        _place = place;
        _time = time;
        _clock = clock ?? new LocalClock(time, TimeZoneInfo.Utc);
        _mode = mode;
        _publisher = publisher;
        _logger = logger;
        _attributes = config.Name is null ? null : new Dictionary<string, string> { ["doorName"] = config.Name };
    }

    public DoorConfig Config { get; }

    public string Id => Config.Id;

    public Place Place => _place;

    /// <summary>Why the door is armed at that time, or null when it is not.</summary>
    public string? ArmedBy(DateTimeOffset at)
    {
        if (_mode?.Settings.ArmAllDoors == true)
            return "mode";
        if (Config.ArmedDuring is { } schedule)
            return _clock.InAny(schedule, at) ? "schedule" : null;
        return Config.Armed ? "config" : null;
    }

    /// <summary>Reports an event of this door (tamper, care, health) with the door's place and name.</summary>
    public Guid Report(EventType type, DateTimeOffset at, IReadOnlyDictionary<string, string> attributes)
    {
        var all = new Dictionary<string, string>(attributes);
        if (Config.Name is not null)
            all["doorName"] = Config.Name;
        return _publisher.PublishEvent(new Detection(Id, _place, type, at, all));
    }

    /// <summary>A door is taken as closed until its contact is read.</summary>
    public DoorPosition Position { get; private set; } = DoorPosition.Closed;

    /// <summary>When the contact last changed while the agent ran; null until it does.</summary>
    public DateTimeOffset? LastChangeAt
    {
        get
        {
            lock (_gate)
                return _lastChangeAt;
        }
    }

    /// <summary>Makes the retained state match this agent's view after a restart, whatever the last run left there.</summary>
    public void PublishCurrentState()
    {
        lock (_gate)
            _publisher.PublishState(Id, DoorStates.Of(Position), _time.GetUtcNow());
    }

    /// <summary>Takes the position read at start without judging it: what happened before the agent ran is unknown.</summary>
    public void Found(DoorPosition position)
    {
        lock (_gate)
            Position = position;
    }

    public void Released(DateTimeOffset at)
    {
        lock (_gate)
            _releasedAt = at;
        _logger.LogInformation("Door {DoorId} released at {At:O}", Id, at);
    }

    public ContactChange ContactChanged(DoorPosition position, DateTimeOffset at)
    {
        lock (_gate)
        {
            if (_disposed || position == Position)
                return new ContactChange(ContactOutcome.Unchanged);
            Position = position;
            _lastChangeAt = at;
            // The alarm first: each write waits for the disk, and the state can wait one write longer than the event.
            var change = position == DoorPosition.Open ? Opened(at) : Closed();
            _publisher.PublishState(Id, DoorStates.Of(position), at);
            return change;
        }
    }

    private ContactChange Opened(DateTimeOffset at)
    {
        var released = _releasedAt is { } releasedAt && at >= releasedAt && at - releasedAt <= Config.ReleaseWindow;
        _releasedAt = null;
        _opening++;
        var heldOpenDue = at + HeldOpenAfter - _time.GetUtcNow();
        _heldOpenTimer = _time.CreateTimer(OnHeldOpen, _opening, heldOpenDue > TimeSpan.Zero ? heldOpenDue : TimeSpan.Zero, Timeout.InfiniteTimeSpan);

        var armedBy = ArmedBy(at);
        if (armedBy is null || released)
        {
            _logger.LogInformation("Door {DoorId} opened ({Reason})", Id, released ? "released" : "disarmed");
            return new ContactChange(ContactOutcome.Opened);
        }
        var attributes = new Dictionary<string, string>(_attributes ?? new Dictionary<string, string>()) { ["armedBy"] = armedBy };
        var eventId = _publisher.PublishEvent(new Detection(Id, _place, EventTypes.DoorForcedOpen, at, attributes));
        if (eventId == Guid.Empty)
            return new ContactChange(ContactOutcome.Opened);
        _logger.LogWarning("Door {DoorId} forced open at {At:O}: event {EventId}", Id, at, eventId);
        return new ContactChange(ContactOutcome.ForcedOpen, eventId);
    }

    private TimeSpan HeldOpenAfter =>
        _mode?.Settings.HeldOpenAtMost is { } most && most < Config.HeldOpenAfter ? most : Config.HeldOpenAfter;

    private ContactChange Closed()
    {
        StopHeldOpenTimer();
        _logger.LogInformation("Door {DoorId} closed", Id);
        return new ContactChange(ContactOutcome.Closed);
    }

    private void OnHeldOpen(object? opening)
    {
        lock (_gate)
        {
            // A timer can fire just after the door closed or reopened; only the opening it was set for counts.
            if (_disposed || Position != DoorPosition.Open || (int)opening! != _opening)
                return;
            StopHeldOpenTimer();
            var eventId = _publisher.PublishEvent(new Detection(Id, _place, EventTypes.DoorHeldOpen, _time.GetUtcNow(), _attributes));
            _logger.LogWarning("Door {DoorId} held open longer than {Seconds} s: event {EventId}", Id, HeldOpenAfter.TotalSeconds, eventId);
        }
    }

    private void StopHeldOpenTimer()
    {
        _heldOpenTimer?.Dispose();
        _heldOpenTimer = null;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            StopHeldOpenTimer();
        }
    }
}
