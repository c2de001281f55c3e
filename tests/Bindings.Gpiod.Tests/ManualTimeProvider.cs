namespace EdgeSecurity.Bindings.Gpiod.Tests;

/// <summary>
/// A clock that moves only when a test calls <see cref="Advance"/>. Timers due on the way fire in order, each
/// with the clock set to its due time, so a bounce burst is stamped exactly as scheduled.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private static readonly DateTimeOffset WallClockStart = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];

    // Not zero: a real monotonic clock never reads zero either, and a zero timestamp hides mistakes.
    private TimeSpan _now = TimeSpan.FromHours(1);
    private long _timersCreated;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public TimeSpan Now
    {
        get
        {
            lock (_gate)
            {
                return _now;
            }
        }
    }

    public override long GetTimestamp() => Now.Ticks;

    public override DateTimeOffset GetUtcNow() => WallClockStart + Now;

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
        {
            target = _now + by;
        }

        while (NextDue(target) is { } timer)
        {
            timer.Fire();
        }
    }

    /// <summary>Moves the clock to the earliest timer due by <paramref name="target"/> and takes it, or to the target.</summary>
    private ManualTimer? NextDue(TimeSpan target)
    {
        lock (_gate)
        {
            var timer = _timers.Where(t => t.DueAt <= target).OrderBy(t => t.DueAt).ThenBy(t => t.Order).FirstOrDefault();
            if (timer is null)
            {
                _now = target;
                return null;
            }

            _now = timer.DueAt;
            _timers.Remove(timer);
            if (timer.Period > TimeSpan.Zero)
            {
                timer.DueAt += timer.Period;
                _timers.Add(timer);
            }

            return timer;
        }
    }

    private sealed class ManualTimer(ManualTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        public TimeSpan DueAt { get; set; }

        public TimeSpan Period { get; private set; }

        public long Order { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._gate)
            {
                clock._timers.Remove(this);
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    return true;
                }

                DueAt = clock._now + dueTime;
                Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
                Order = clock._timersCreated++;
                clock._timers.Add(this);
                return true;
            }
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (clock._gate)
            {
                clock._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
