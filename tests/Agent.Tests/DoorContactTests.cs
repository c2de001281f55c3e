using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Agent.Doors;
using EdgeSecurity.Agent.Tests.Support;
using EdgeSecurity.Contract;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeSecurity.Agent.Tests;

public sealed class DoorContactTests : IDisposable
{
    private static readonly Place Place = new("cm-1", "grid-1", "3", "2", "1");
    private static readonly TimeSpan ReleaseWindow = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan HeldOpenAfter = TimeSpan.FromSeconds(60);

    private readonly ManualTimeProvider _time = new();
    private readonly RecordingPublisher _published = new();
    private readonly DoorContact _door;

    public DoorContactTests() => _door = Door(armed: true);

    public void Dispose() => _door.Dispose();

    private DoorContact Door(bool armed) => new(
        new DoorConfig("door-1", "3号楼2单元门", new DoorPlace("3", "2", "1", null), DoorSource.Simulated, armed, ReleaseWindow, HeldOpenAfter),
        Place, _time, _published, NullLogger<DoorContact>.Instance);

    private DateTimeOffset Now => _time.GetUtcNow();

    private ContactOutcome Open() => _door.ContactChanged(DoorPosition.Open, Now).Outcome;

    private ContactOutcome Close() => _door.ContactChanged(DoorPosition.Closed, Now).Outcome;

    private IEnumerable<EventType> EventTypesPublished => _published.Events.Select(e => e.Type);

    [Fact]
    public void Opening_an_armed_door_without_a_release_is_a_forced_opening()
    {
        var openedAt = Now;

        var change = _door.ContactChanged(DoorPosition.Open, Now);

        Assert.Equal(ContactOutcome.ForcedOpen, change.Outcome);
        Assert.Equal(Assert.Single(_published.EventIds), change.EventId);
        var detection = Assert.Single(_published.Events);
        Assert.Equal(EventTypes.DoorForcedOpen, detection.Type);
        Assert.Equal(WarningLevel.Warning, detection.Type.DefaultLevel);
        Assert.Equal("door-1", detection.DeviceId);
        Assert.Equal(Place, detection.Place);
        Assert.Equal(openedAt, detection.OccurredAt);
        Assert.Equal("3号楼2单元门", detection.Attributes!["doorName"]);
    }

    [Fact]
    public void Every_change_publishes_the_doors_state_once()
    {
        Open();
        Open();
        _time.Advance(TimeSpan.FromSeconds(5));
        Close();
        Close();

        Assert.Equal([("door-1", "open"), ("door-1", "closed")], _published.States.Select(s => (s.DeviceId, s.State)));
        Assert.Equal(Now, _published.States[1].At);
    }

    [Fact]
    public void Opening_within_the_release_window_is_legitimate()
    {
        _door.Released(Now);
        _time.Advance(ReleaseWindow);

        var outcome = Open();

        Assert.Equal(ContactOutcome.Opened, outcome);
        Assert.Empty(_published.Events);
    }

    [Fact]
    public void Opening_after_the_release_window_is_forced()
    {
        _door.Released(Now);
        _time.Advance(ReleaseWindow + TimeSpan.FromSeconds(1));

        Assert.Equal(ContactOutcome.ForcedOpen, Open());
    }

    [Fact]
    public void One_release_admits_one_opening()
    {
        _door.Released(Now);
        Open();
        _time.Advance(TimeSpan.FromSeconds(2));
        Close();

        var second = Open();

        Assert.Equal(ContactOutcome.ForcedOpen, second);
        Assert.Single(_published.Events);
    }

    [Fact]
    public void A_disarmed_door_is_never_forced_open()
    {
        using var door = Door(armed: false);

        var change = door.ContactChanged(DoorPosition.Open, Now);

        Assert.Equal(new ContactChange(ContactOutcome.Opened), change);
        Assert.Empty(_published.Events);
    }

    [Fact]
    public void A_door_open_longer_than_the_limit_is_reported_held_open_once()
    {
        _door.Released(Now);
        var openedAt = Now;
        Open();

        _time.Advance(HeldOpenAfter - TimeSpan.FromSeconds(1));
        Assert.Empty(_published.Events);

        _time.Advance(TimeSpan.FromSeconds(1));
        var heldOpen = Assert.Single(_published.Events);
        Assert.Equal(EventTypes.DoorHeldOpen, heldOpen.Type);
        Assert.Equal(WarningLevel.Notice, heldOpen.Type.DefaultLevel);
        Assert.Equal(openedAt + HeldOpenAfter, heldOpen.OccurredAt);

        _time.Advance(TimeSpan.FromHours(1));
        Assert.Single(_published.Events);
        Assert.Equal(0, _time.ScheduledTimers);
    }

    [Fact]
    public void A_disarmed_door_is_still_reported_held_open()
    {
        using var door = Door(armed: false);
        door.ContactChanged(DoorPosition.Open, Now);

        _time.Advance(HeldOpenAfter);

        Assert.Equal([EventTypes.DoorHeldOpen], EventTypesPublished);
    }

    [Fact]
    public void Closing_before_the_limit_cancels_the_held_open_report()
    {
        _door.Released(Now);
        Open();
        _time.Advance(HeldOpenAfter - TimeSpan.FromSeconds(1));

        Close();

        Assert.Equal(0, _time.ScheduledTimers);
        _time.Advance(TimeSpan.FromHours(1));
        Assert.Empty(_published.Events);
    }

    [Fact]
    public void Each_opening_is_timed_from_its_own_start()
    {
        Open();
        _time.Advance(TimeSpan.FromSeconds(50));
        Close();
        Open();

        _time.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal([EventTypes.DoorForcedOpen, EventTypes.DoorForcedOpen], EventTypesPublished);

        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal([EventTypes.DoorForcedOpen, EventTypes.DoorForcedOpen, EventTypes.DoorHeldOpen], EventTypesPublished);
    }

    [Fact]
    public void An_opening_reported_late_is_timed_from_when_it_happened()
    {
        _door.ContactChanged(DoorPosition.Open, Now - TimeSpan.FromSeconds(45));

        _time.Advance(TimeSpan.FromSeconds(15));

        Assert.Equal([EventTypes.DoorForcedOpen, EventTypes.DoorHeldOpen], EventTypesPublished);
    }

    [Fact]
    public void A_disposed_door_keeps_no_timer_and_reports_nothing()
    {
        Open();

        _door.Dispose();

        Assert.Equal(0, _time.ScheduledTimers);
        _time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(ContactOutcome.Unchanged, Close());
        Assert.Equal([EventTypes.DoorForcedOpen], EventTypesPublished);
    }
}
