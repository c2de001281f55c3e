namespace EdgeSecurity.Modbus.Rtu;

/// <summary>
/// The bytes of one received frame (empty when nothing came in time). <see cref="Overflow"/> counts bytes that
/// followed a full 256-byte buffer without a pause; they were discarded.
/// </summary>
internal readonly record struct RtuReception(ReadOnlyMemory<byte> Bytes, int Overflow)
{
    public bool IsEmpty => Bytes.IsEmpty;

    /// <summary>The rejection for a frame that is too long, too short to have a CRC, or has a bad CRC; null when it is sound.</summary>
    public FrameRejection? CheckIntegrity() => CheckOverflow() ?? RtuFrame.CheckIntegrity(Bytes.Span);

    /// <summary>Like <see cref="CheckIntegrity"/>, and the frame must be exactly as long as its header announces.</summary>
    public FrameRejection? CheckShape(FrameLengthRule announced)
    {
        var frame = Bytes.Span;
        if (CheckOverflow() is { } overflow)
            return overflow;
        if (announced(frame) is { } length && frame.Length != length)
        {
            return frame.Length < length
                ? FrameRejection.Of(FrameRejectionReason.TooShort, $"{frame.Length} bytes; the header announces {length}", frame)
                : FrameRejection.Of(FrameRejectionReason.WrongLength, $"{frame.Length} bytes; the header announces {length}", frame);
        }
        return RtuFrame.CheckIntegrity(frame);
    }

    private FrameRejection? CheckOverflow() =>
        Overflow > 0
            ? FrameRejection.Of(FrameRejectionReason.TooLong, $"{Bytes.Length + Overflow} bytes without a pause; wrong baud rate or a noisy line?", Bytes.Span)
            : null;
}
