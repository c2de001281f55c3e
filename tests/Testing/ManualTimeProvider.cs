namespace EdgeSecurity.Testing;

/// <summary>
/// A clock that moves only when a test calls <see cref="Advance"/>. Timers due on the way fire in due order, on the
/// test's thread, each with the clock set to its due time, so events are stamped exactly as scheduled. It also counts
/// live timers so tests can prove none leaks.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset wallClockStart) : TimeProvider
{
    // Not zero: a real monotonic clock never reads zero either, and a zero timestamp hides mistakes.
    private static readonly TimeSpan MonotonicStart = TimeSpan.FromHours(1);

    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _scheduled = [];
    private TimeSpan _now = MonotonicStart;

    public ManualTimeProvider()
        : this(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>The monotonic clock, as <see cref="GetTimestamp"/> reads it.</summary>
    public TimeSpan Now
    {
        get
        {
            lock (_gate)
                return _now;
        }
    }

    public int ScheduledTimers
    {
        get
        {
            lock (_gate)
                return _scheduled.Count;
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Now.Ticks;

    public override DateTimeOffset GetUtcNow() => wallClockStart + (Now - MonotonicStart);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        TimeSpan target;
        lock (_gate)
            target = _now + by;
        while (NextDue(target) is { } timer)
            timer.Fire();
    }

    /// <summary>Moves the clock to the earliest timer due by <paramref name="target"/> and takes it, or to the target.</summary>
    private ManualTimer? NextDue(TimeSpan target)
    {
        lock (_gate)
        {
            // MinBy keeps the first of equal due times: timers due together fire in the order they were scheduled.
            var next = _scheduled.Where(t => t.DueAt <= target).MinBy(t => t.DueAt);
            if (next is null)
            {
                _now = target;
                return null;
            }
            _now = next.DueAt;
            _scheduled.Remove(next);
            if (next.Period > TimeSpan.Zero)
            {
                next.DueAt += next.Period;
                _scheduled.Add(next);
            }
            return next;
        }
    }

    private void Schedule(ManualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            _scheduled.Remove(timer);
            if (dueTime == Timeout.InfiniteTimeSpan)
                return;
            timer.DueAt = _now + dueTime;
            timer.Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
            _scheduled.Add(timer);
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public TimeSpan DueAt { get; set; }

        public TimeSpan Period { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.Schedule(this, dueTime, period);
            return true;
        }

        public void Fire() => callback(state);

        public void Dispose() => owner.Schedule(this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
