using System.Diagnostics;
using EdgeSecurity.Bindings.Serial;

namespace EdgeSecurity.Modbus.Rtu;

/// <summary>
/// One RS-485 bus seen through a serial line. A frame is sent only after the bus has been silent for the inter-frame
/// gap; bytes that arrive while waiting for that silence are stray and discarded. A received frame ends when its
/// header's announced length has arrived, or at the first silence of <see cref="RtuTiming.FrameEndSilence"/>.
/// </summary>
internal sealed class RtuBus(SerialLine line, RtuTiming timing)
{
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(2);

    /// <summary>How long a bus may keep talking before we give up waiting for a gap to send in.</summary>
    private static readonly TimeSpan QuietLimit = TimeSpan.FromSeconds(1);

    private readonly byte[] _frame = new byte[RtuFrame.MaxLength];
    private readonly byte[] _stray = new byte[RtuFrame.MaxLength];

    // Stopwatch timestamp of the last byte seen, or of the moment the last sent byte leaves the UART (may be ahead of now).
    private long _lastActivity;

    public RtuTiming Timing => timing;

    /// <summary>Waits until the bus has been silent for the inter-frame gap; returns how many stray bytes were discarded.</summary>
    /// <exception cref="BusNotQuietException">The bus kept talking for longer than a second.</exception>
    public async ValueTask<int> WaitForSilenceAsync(CancellationToken cancellationToken)
    {
        var discarded = 0;
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var left = timing.InterFrameGap - Stopwatch.GetElapsedTime(_lastActivity);
            var count = await line.ReadAsync(_stray, left > TimeSpan.Zero ? left : TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            if (count == 0)
                return discarded;
            discarded += count;
            _lastActivity = Stopwatch.GetTimestamp();
            if (Stopwatch.GetElapsedTime(started) > QuietLimit)
                throw new BusNotQuietException(discarded, timing.InterFrameGap, QuietLimit);
        }
    }

    /// <summary>Sends a frame once the bus is silent; returns how many stray bytes were discarded before it.</summary>
    public async ValueTask<int> SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        var stray = await WaitForSilenceAsync(cancellationToken).ConfigureAwait(false);
        await line.WriteAsync(frame, WriteTimeout, cancellationToken).ConfigureAwait(false);
        _lastActivity = Stopwatch.GetTimestamp() + (long)(timing.TransmitTime(frame.Length).TotalSeconds * Stopwatch.Frequency);
        return stray;
    }

    /// <summary>
    /// Receives one frame, waiting up to <paramref name="firstByteTimeout"/> for its first byte. The bytes stay valid
    /// until the next receive.
    /// </summary>
    public async ValueTask<RtuReception> ReceiveAsync(FrameLengthRule announced, TimeSpan firstByteTimeout, CancellationToken cancellationToken)
    {
        var received = 0;
        var timeout = firstByteTimeout;
        while (true)
        {
            var count = await line.ReadAsync(_frame.AsMemory(received), timeout, cancellationToken).ConfigureAwait(false);
            if (count == 0)
                return new RtuReception(_frame.AsMemory(0, received), 0);
            received += count;
            _lastActivity = Stopwatch.GetTimestamp();
            if (announced(_frame.AsSpan(0, received)) is { } length && received >= length)
                return new RtuReception(_frame.AsMemory(0, received), 0);
            if (received == _frame.Length)
                return new RtuReception(_frame, await WaitForSilenceAsync(cancellationToken).ConfigureAwait(false));
            timeout = timing.FrameEndSilence;
        }
    }
}
