namespace EdgeSecurity.Modbus.Rtu;

/// <summary>
/// Character time and silences of a Modbus RTU bus. The spec counts 11 bits per character (start, 8 data, parity or a
/// second stop bit, stop) and separates frames by 3.5 characters of silence, fixed at 1.75 ms above 19200 baud.
/// At 9600 baud that is 4.0 ms.
/// </summary>
public sealed record RtuTiming
{
    private const double BitsPerCharacter = 11;
    private const int FixedGapAboveBaud = 19200;
    private static readonly TimeSpan FixedGap = TimeSpan.FromMilliseconds(1.75);

    public required TimeSpan CharacterTime { get; init; }

    /// <summary>t3.5: the silence kept before sending a frame.</summary>
    public required TimeSpan InterFrameGap { get; init; }

    /// <summary>
    /// The silence that ends a frame whose header does not announce its length, or that fell short of it. t3.5 by the
    /// spec; raise it for a USB adapter that delivers bytes in bursts (FTDI latency_timer, 16 ms by default).
    /// </summary>
    public required TimeSpan FrameEndSilence { get; init; }

    public static RtuTiming ForBaudRate(int baudRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(baudRate);
        var character = TimeSpan.FromSeconds(BitsPerCharacter / baudRate);
        var gap = baudRate > FixedGapAboveBaud ? FixedGap : character * 3.5;
        return new RtuTiming { CharacterTime = character, InterFrameGap = gap, FrameEndSilence = gap };
    }

    /// <summary>How long the UART needs to put this many bytes on the wire.</summary>
    public TimeSpan TransmitTime(int bytes) => CharacterTime * bytes;
}
