using EdgeSecurity.Bindings.Serial.Native;

namespace EdgeSecurity.Bindings.Serial;

/// <summary>
/// A serial port (a USB–RS-485 adapter such as /dev/ttyUSB0, or a pseudo-terminal) in raw mode, driven through termios.
/// Reads and writes are non-blocking system calls; waiting for data or buffer space happens on the line's own poll
/// thread, bounded by a timeout and cancellable. One read and one write may be in progress at the same time;
/// overlapping reads (or writes) are refused.
/// </summary>
public sealed class SerialLine : IDisposable
{
    private readonly FileDescriptorHandle _handle;
    private readonly ReadinessPoller _poller;
    private volatile bool _disposed;

    private SerialLine(string path, SerialSettings settings, FileDescriptorHandle handle)
    {
        Path = path;
        Settings = settings;
        _handle = handle;
        _poller = new ReadinessPoller(handle, path);
    }

    public string Path { get; }

    public SerialSettings Settings { get; }

    /// <summary>Bytes received and not yet read (ioctl TIOCINQ).</summary>
    public int BytesAvailable
    {
        get
        {
            using var lease = Acquire();
            return Libc.ioctl(lease.Fd, Libc.BytesWaiting, out var count) == 0 ? count : throw Failure("count received bytes", Libc.LastError);
        }
    }

    /// <summary>
    /// Opens the device with O_RDWR|O_NOCTTY|O_NONBLOCK (and O_CLOEXEC, so programs the caller starts do not inherit it),
    /// switches it to raw mode with the given settings, without flow control, and discards whatever was queued before.
    /// </summary>
    /// <exception cref="SerialLineException">The device is missing, inaccessible, not a serial port, or refused the settings.</exception>
    public static SerialLine Open(string path, SerialSettings? settings = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        settings ??= new SerialSettings();
        settings.Validate();

        var fd = Libc.open(path, Libc.ReadWrite | Libc.NoControllingTerminal | Libc.NonBlocking | Libc.CloseOnExec);
        if (fd < 0)
            throw OpenFailure(path, Libc.LastError);

        var handle = new FileDescriptorHandle(fd);
        try
        {
            TerminalSettings.Apply(handle, path, settings);
            return new SerialLine(path, settings, handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads what has arrived, up to the buffer's size, waiting up to <paramref name="timeout"/> for the first byte
    /// (<see cref="Timeout.InfiniteTimeSpan"/> waits without limit). Returns the number of bytes read, or 0 when
    /// nothing arrived in time.
    /// </summary>
    /// <exception cref="SerialLineClosedException">The other end went away.</exception>
    public ValueTask<int> ReadAsync(Memory<byte> buffer, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
            throw new ArgumentException("The buffer must hold at least one byte.", nameof(buffer));
        return ReadBeforeAsync(buffer, Deadline.After(timeout), cancellationToken);
    }

    /// <summary>Fills the whole buffer within <paramref name="timeout"/>.</summary>
    /// <exception cref="TimeoutException">Fewer bytes arrived in time; the message says how many.</exception>
    public async ValueTask ReadExactlyAsync(Memory<byte> buffer, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = Deadline.After(timeout);
        var total = 0;
        while (total < buffer.Length)
        {
            var count = await ReadBeforeAsync(buffer[total..], deadline, cancellationToken).ConfigureAwait(false);
            if (count == 0)
                throw new TimeoutException($"{Path}: received {total} of {buffer.Length} bytes within {timeout.TotalMilliseconds:0} ms.");
            total += count;
        }
    }

    /// <summary>Writes all bytes, waiting up to <paramref name="timeout"/> in all for the driver to take them.</summary>
    /// <exception cref="TimeoutException">The output stayed blocked; the message says how much was written.</exception>
    /// <exception cref="SerialLineClosedException">The other end went away.</exception>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = Deadline.After(timeout);
        var written = 0;
        while (written < bytes.Length)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = TryWrite(bytes.Span[written..]);
            written += count;
            if (count > 0)
                continue;

            var readiness = await _poller.WaitAsync(Direction.Write, deadline, cancellationToken).ConfigureAwait(false);
            if (readiness == Readiness.TimedOut)
                throw new TimeoutException($"{Path}: wrote {written} of {bytes.Length} bytes within {timeout.TotalMilliseconds:0} ms; the output is blocked.");
            if (readiness == Readiness.HungUp)
                written += AfterHangUp(TryWrite(bytes.Span[written..]));
        }
    }

    /// <summary>Throws away received bytes not yet read (tcflush TCIFLUSH).</summary>
    public void DiscardInput()
    {
        using var lease = Acquire();
        if (Libc.tcflush(lease.Fd, Libc.FlushInput) != 0)
            throw Failure("discard input", Libc.LastError);
    }

    /// <summary>
    /// Blocks until every written byte has left the UART (tcdrain). Without flow control this takes at most the
    /// transmit time of the driver's buffer; for a Modbus frame, a few milliseconds.
    /// </summary>
    public void Drain()
    {
        using var lease = Acquire();
        if (Libc.tcdrain(lease.Fd) != 0)
            throw Failure("drain output", Libc.LastError);
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _poller.Dispose();
        _handle.Dispose();
    }

    public override string ToString() => $"{Path} ({Settings})";

    private static SerialLineException OpenFailure(string path, int errno) => errno switch
    {
        Libc.NoSuchFile => new SerialLineException($"Serial device {path} does not exist; check that the USB–RS-485 adapter is plugged in (ls /dev/ttyUSB* /dev/serial/by-id/).", errno),
        Libc.AccessDenied => new SerialLineException($"Permission denied opening serial device {path}; run as root or add the service user to the dialout group.", errno),
        Libc.Busy => new SerialLineException($"Serial device {path} is busy; another program holds it.", errno),
        Libc.NoSuchDevice => new SerialLineException($"Serial device {path} has no device behind it; the adapter was probably unplugged.", errno),
        _ => new SerialLineException($"Cannot open serial device {path}: {Libc.Describe(errno)}.", errno),
    };

    private async ValueTask<int> ReadBeforeAsync(Memory<byte> buffer, long deadline, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = TryRead(buffer.Span);
            if (count > 0)
                return count;

            var readiness = await _poller.WaitAsync(Direction.Read, deadline, cancellationToken).ConfigureAwait(false);
            if (readiness == Readiness.TimedOut)
                return 0;
            if (readiness == Readiness.HungUp)
                return AfterHangUp(TryRead(buffer.Span));
        }
    }

    /// <summary>
    /// The result of the read or write tried after poll() reported a hang-up. That call usually throws the line-closed
    /// error itself (EIO); if it moved bytes after all, they count; if it moved none, the line is closed all the same.
    /// </summary>
    private int AfterHangUp(int count) => count > 0 ? count : throw Closed("poll reported a hang-up", 0);

    /// <summary>Bytes read, or 0 when none are waiting.</summary>
    private unsafe int TryRead(Span<byte> buffer)
    {
        using var lease = Acquire();
        fixed (byte* bytes = buffer)
        {
            while (true)
            {
                var result = Libc.read(lease.Fd, bytes, (nuint)buffer.Length);
                if (result > 0)
                    return (int)result;
                // With VMIN=1 a terminal returns 0 only at end of file: the other side hung up.
                if (result == 0)
                    throw Closed("end of file", 0);
                var errno = Libc.LastError;
                if (errno == Libc.TryAgain)
                    return 0;
                if (errno != Libc.Interrupted)
                    throw Failure("read", errno);
            }
        }
    }

    /// <summary>Bytes the driver took, or 0 when its buffer is full.</summary>
    private unsafe int TryWrite(ReadOnlySpan<byte> bytes)
    {
        using var lease = Acquire();
        fixed (byte* data = bytes)
        {
            while (true)
            {
                var result = Libc.write(lease.Fd, data, (nuint)bytes.Length);
                if (result >= 0)
                    return (int)result;
                var errno = Libc.LastError;
                if (errno == Libc.TryAgain)
                    return 0;
                if (errno != Libc.Interrupted)
                    throw Failure("write", errno);
            }
        }
    }

    private FileDescriptorHandle.Lease Acquire()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _handle.Acquire();
    }

    private SerialLineException Failure(string operation, int errno) =>
        errno == Libc.InputOutputError
            ? Closed(Libc.Describe(errno), errno)
            : new SerialLineException($"Serial line {Path}: {operation} failed: {Libc.Describe(errno)}.", errno);

    private SerialLineClosedException Closed(string detail, int errno) =>
        new($"Serial line {Path} was closed by the other end ({detail}): the adapter was unplugged or the program on the other side exited.", errno);
}
