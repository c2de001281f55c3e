using System.Diagnostics;
using EdgeSecurity.Bindings.Serial.Native;

namespace EdgeSecurity.Bindings.Serial;

/// <summary>
/// Waits for a line to become readable or writable on one dedicated thread per line, so that async reads and
/// writes never park a thread-pool thread in ppoll(), however long the timeout. At most one wait per direction
/// is registered at a time; an eventfd wakes the thread when a wait is added or cancelled, and on disposal.
/// </summary>
internal sealed class ReadinessPoller : IDisposable
{
    private const short Failure = Libc.PollError | Libc.PollHangUp | Libc.PollInvalid;

    private readonly FileDescriptorHandle _line;
    private readonly FileDescriptorHandle _wakeup;
    private readonly string _name;
    private readonly Thread _thread;
    private readonly Lock _gate = new();
    private Waiter? _reader;
    private Waiter? _writer;
    private bool _stopping;

    public ReadinessPoller(FileDescriptorHandle line, string name)
    {
        var wakeup = Libc.eventfd(0, Libc.CloseOnExec | Libc.NonBlocking);
        if (wakeup < 0)
        {
            var errno = Libc.LastError;
            throw new SerialLineException($"Cannot create the wake-up eventfd for {name}: {Libc.Describe(errno)}.", errno);
        }

        _line = line;
        _wakeup = new FileDescriptorHandle(wakeup);
        _name = name;
        _thread = new Thread(Run) { IsBackground = true, Name = $"serial poll {name}" };
        _thread.Start();
    }

    /// <param name="deadline">A Stopwatch timestamp, or <see cref="Deadline.Never"/>.</param>
    public async ValueTask<Readiness> WaitAsync(Direction direction, long deadline, CancellationToken cancellationToken)
    {
        if (Deadline.HasPassed(deadline))
            return Readiness.TimedOut;

        var waiter = new Waiter(direction == Direction.Read ? Libc.PollIn : Libc.PollOut, deadline);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            ref var slot = ref direction == Direction.Read ? ref _reader : ref _writer;
            if (slot is { IsCompleted: false })
                throw new InvalidOperationException($"Another {direction.ToString().ToLowerInvariant()} is already waiting on {_name}; reads (and writes) on one line must not overlap.");
            slot = waiter;
        }

        Wake();
        using (cancellationToken.Register(() =>
        {
            waiter.Cancel(cancellationToken);
            Wake();
        }))
        {
            return await waiter.Task.ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_stopping)
                return;
            _stopping = true;
        }

        Wake();
        _thread.Join();
        _wakeup.Dispose();
    }

    private unsafe void Run()
    {
        using var line = _line.Acquire();
        using var wakeup = _wakeup.Acquire();
        var fds = stackalloc Libc.PollFd[2];
        fds[1] = new Libc.PollFd { Fd = wakeup.Fd, Events = Libc.PollIn };
        while (true)
        {
            long deadline;
            lock (_gate)
            {
                if (_stopping)
                    break;
                ForgetCompleted(ref _reader);
                ForgetCompleted(ref _writer);
                var events = (short)((_reader?.Events ?? 0) | (_writer?.Events ?? 0));
                // A negative fd is skipped by ppoll: with nobody waiting, a hung-up line must not make it return at once, again and again.
                fds[0] = new Libc.PollFd { Fd = events == 0 ? -1 : line.Fd, Events = events };
                deadline = Math.Min(_reader?.Deadline ?? Deadline.Never, _writer?.Deadline ?? Deadline.Never);
            }

            if (Poll(fds, deadline) < 0)
            {
                var errno = Libc.LastError;
                if (errno != Libc.Interrupted)
                    FailWaiters(new SerialLineException($"ppoll on {_name} failed: {Libc.Describe(errno)}.", errno));
                continue;
            }

            if (fds[1].ReturnedEvents != 0)
                ConsumeWakeups(wakeup.Fd);

            var returned = fds[0].ReturnedEvents;
            var now = Stopwatch.GetTimestamp();
            lock (_gate)
            {
                Settle(ref _reader, returned, now);
                Settle(ref _writer, returned, now);
            }
        }

        FailWaiters(new ObjectDisposedException(nameof(SerialLine), $"The serial line {_name} was closed."));
    }

    private static unsafe int Poll(Libc.PollFd* fds, long deadline)
    {
        if (deadline == Deadline.Never)
            return Libc.ppoll(fds, 2, null, 0);
        var left = Deadline.NanosecondsLeft(deadline);
        var timeout = new Libc.TimeSpec { Seconds = left / 1_000_000_000, Nanoseconds = left % 1_000_000_000 };
        return Libc.ppoll(fds, 2, &timeout, 0);
    }

    private static void Settle(ref Waiter? slot, short returned, long now)
    {
        if (slot is null)
            return;
        if ((returned & Failure) != 0)
            slot.Complete(Readiness.HungUp);
        else if ((returned & slot.Events) != 0)
            slot.Complete(Readiness.Ready);
        else if (now >= slot.Deadline)
            slot.Complete(Readiness.TimedOut);
        else
            return;
        slot = null;
    }

    private static void ForgetCompleted(ref Waiter? slot)
    {
        if (slot is { IsCompleted: true })
            slot = null;
    }

    private static unsafe void ConsumeWakeups(int eventFd)
    {
        ulong count;
        _ = Libc.read(eventFd, (byte*)&count, sizeof(ulong));
    }

    private void FailWaiters(Exception error)
    {
        lock (_gate)
        {
            _reader?.Fail(error);
            _writer?.Fail(error);
            _reader = null;
            _writer = null;
        }
    }

    private unsafe void Wake()
    {
        try
        {
            using var wakeup = _wakeup.Acquire();
            ulong one = 1;
            _ = Libc.write(wakeup.Fd, (byte*)&one, sizeof(ulong));
        }
        catch (ObjectDisposedException)
        {
            // A cancellation that arrives after disposal: the thread is gone and its waiters have already failed.
        }
    }

    private sealed class Waiter(short events, long deadline)
    {
        private readonly TaskCompletionSource<Readiness> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public short Events => events;

        public long Deadline => deadline;

        public bool IsCompleted => _completion.Task.IsCompleted;

        public Task<Readiness> Task => _completion.Task;

        public void Complete(Readiness readiness) => _completion.TrySetResult(readiness);

        public void Cancel(CancellationToken cancellationToken) => _completion.TrySetCanceled(cancellationToken);

        public void Fail(Exception error) => _completion.TrySetException(error);
    }
}
