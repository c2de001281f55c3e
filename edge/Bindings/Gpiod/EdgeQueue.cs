using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace EdgeSecurity.Bindings.Gpiod;

/// <summary>
/// A line's edges on their way to its one reader, debounced when asked. Both backends add edges here as they
/// happen. Debouncing at this point, not in a later stage that reads the queue, means that an edge is weighed
/// before the settle timer can fire past it: the timer never declares a level stable while an earlier edge is
/// still on its way. The queue is bounded so that a line nobody reads, or a wire picking up mains hum, cannot exhaust
/// memory. When it is full, the oldest edge goes, because the newest tells the current state.
/// </summary>
internal sealed class EdgeQueue
{
    public const int Capacity = 1024;

    private readonly Lock _gate = new();
    private readonly GpioLineAddress _address;
    private readonly Channel<GpioEdge> _edges;
    private readonly Debouncer? _debouncer;
    private readonly TimeProvider _time;
    private readonly ITimer? _settleTimer;
    private long _dropped;
    private int _reading;
    private bool _completed;

    /// <param name="debounceTime">Zero: every edge as it comes.</param>
    /// <param name="initialValue">The line's logical value when it was requested: the level the debounce starts from.</param>
    /// <param name="time">The clock the edges are stamped on.</param>
    public EdgeQueue(GpioLineAddress address, TimeSpan debounceTime, bool initialValue, TimeProvider time)
    {
        _address = address;
        _time = time;
        var options = new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true };
        _edges = Channel.CreateBounded<GpioEdge>(options, _ => Interlocked.Increment(ref _dropped));
        if (debounceTime > TimeSpan.Zero)
        {
            _debouncer = new Debouncer(debounceTime, initialValue);
            _settleTimer = time.CreateTimer(_ => Settle(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Takes an edge as it happens, in order.</summary>
    public void Add(GpioEdge edge)
    {
        if (_debouncer is null)
        {
            _edges.Writer.TryWrite(edge);
            return;
        }

        lock (_gate)
        {
            if (_completed)
            {
                return;
            }

            if (_debouncer.Add(edge) is { } settled)
            {
                _edges.Writer.TryWrite(settled);
            }

            ScheduleSettle();
        }
    }

    /// <summary>Ends the reader's sequence, with <paramref name="error"/> thrown to it once the queued edges are read.</summary>
    public void Complete(Exception? error = null)
    {
        lock (_gate)
        {
            _completed = true;
            _settleTimer?.Dispose();
            _edges.Writer.TryComplete(error);
        }
    }

    public async IAsyncEnumerable<GpioEdge> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _reading, 1) == 1)
        {
            throw new InvalidOperationException($"The edges of GPIO line {_address} are already being read: they go to one reader only.");
        }

        try
        {
            await foreach (var edge in _edges.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return edge;
            }
        }
        finally
        {
            Volatile.Write(ref _reading, 0);
        }
    }

    private void Settle()
    {
        lock (_gate)
        {
            // A timer callback already under way when Complete disposed the timer must not re-arm it.
            if (_completed)
            {
                return;
            }

            if (_debouncer!.Settle(GpioClock.Now(_time)) is { } settled)
            {
                _edges.Writer.TryWrite(settled);
            }

            ScheduleSettle();
        }
    }

    /// <summary>Called under the gate.</summary>
    private void ScheduleSettle()
    {
        if (_debouncer!.SettlesAt is not { } settlesAt)
        {
            _settleTimer!.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        // Whole milliseconds, rounded up: system timers count whole milliseconds, and a timer that woke a
        // fraction early would find the level not yet stable and have to be armed again.
        var remaining = settlesAt - GpioClock.Now(_time);
        var dueTime = remaining > TimeSpan.Zero ? TimeSpan.FromMilliseconds(Math.Ceiling(remaining.TotalMilliseconds)) : TimeSpan.Zero;
        _settleTimer!.Change(dueTime, Timeout.InfiniteTimeSpan);
    }
}
