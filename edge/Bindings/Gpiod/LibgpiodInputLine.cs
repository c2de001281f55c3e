using System.Runtime.InteropServices;
using EdgeSecurity.Bindings.Gpiod.Native;

namespace EdgeSecurity.Bindings.Gpiod;

/// <summary>
/// A line requested through libgpiod. A dedicated thread waits for its edges in bounded slices, so it notices
/// disposal within one slice and never ties up a thread-pool thread; the edges reach the reader through an <see cref="EdgeQueue"/>.
/// </summary>
internal sealed class LibgpiodInputLine : IGpioInputLine
{
    private const int Eintr = 4;

    /// <summary>How long one wait may block: the longest that disposal waits for the watcher thread.</summary>
    private static readonly TimeSpan WaitSlice = TimeSpan.FromMilliseconds(100);

    /// <summary>The v1 kernel queue holds 16 events per line, so one read can empty it.</summary>
    private const int EventsPerRead = 16;

    private readonly ChipHandle _chip;
    private readonly nint _line;
    private readonly KernelClock _clock;
    private readonly EdgeQueue _edges;
    private readonly Thread _watcher;
    private volatile bool _stopping;
    private int _disposed;

    /// <param name="line">A line of <paramref name="chip"/>, already requested for both edges; valid while the chip is open.</param>
    /// <exception cref="GpioException">The line's value cannot be read.</exception>
    public LibgpiodInputLine(ChipHandle chip, nint line, GpioLineAddress address, TimeSpan debounceTime, KernelClock clock)
    {
        _chip = chip;
        _line = line;
        _clock = clock;
        Address = address;

        // The edge clock is CLOCK_MONOTONIC, which is TimeProvider.System's on Linux: the settle timer must run on it.
        _edges = new EdgeQueue(address, debounceTime, ReadValue(), TimeProvider.System);
        _watcher = new Thread(WatchEdges) { IsBackground = true, Name = $"GPIO edges {address}" };
        _watcher.Start();
    }

    public GpioLineAddress Address { get; }

    public long DroppedEdges => _edges.Dropped;

    public bool ReadValue()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

        // The reference keeps the chip, and with it the line's memory, alive if Dispose runs meanwhile.
        var added = false;
        try
        {
            _chip.DangerousAddRef(ref added);
            var value = NativeMethods.gpiod_line_get_value(_line);
            return value >= 0 ? value == 1 : throw GpioErrors.Failed($"read GPIO line {Address}", Marshal.GetLastPInvokeError());
        }
        finally
        {
            if (added)
            {
                _chip.DangerousRelease();
            }
        }
    }

    public IAsyncEnumerable<GpioEdge> ReadEdgesAsync(CancellationToken cancellationToken = default) =>
        _edges.ReadAllAsync(cancellationToken);

    /// <summary>Runs until Dispose, which closes the chip only after this thread has returned.</summary>
    private unsafe void WatchEdges()
    {
        var timeout = new NativeMethods.Timespec { Nanoseconds = (nint)(WaitSlice.Ticks * 100) };
        var events = stackalloc NativeMethods.LineEvent[EventsPerRead];
        while (!_stopping)
        {
            var ready = NativeMethods.gpiod_line_event_wait(_line, &timeout);
            if (ready == 0)
            {
                continue;
            }

            var count = ready > 0 ? NativeMethods.gpiod_line_event_read_multiple(_line, events, EventsPerRead) : -1;
            if (count < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == Eintr)
                {
                    continue;
                }

                _edges.Complete(GpioErrors.Failed($"wait for edges on GPIO line {Address}", errno));
                return;
            }

            for (var i = 0; i < count; i++)
            {
                var timestamp = TimeSpan.FromTicks((events[i].Timestamp.Seconds * TimeSpan.TicksPerSecond) + (events[i].Timestamp.Nanoseconds / 100));
                _edges.Add(GpioEdge.To(events[i].EventType == NativeMethods.LineEventRisingEdge, _clock.ToMonotonic(timestamp)));
            }
        }

        _edges.Complete();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping = true;
        _watcher.Join();

        var added = false;
        try
        {
            _chip.DangerousAddRef(ref added);
            NativeMethods.gpiod_line_release(_line);
        }
        finally
        {
            if (added)
            {
                _chip.DangerousRelease();
            }
        }

        _chip.Dispose();
    }
}
