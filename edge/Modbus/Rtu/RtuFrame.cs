using System.Buffers.Binary;

namespace EdgeSecurity.Modbus.Rtu;

/// <summary>An RTU frame (ADU): slave address, PDU (function code and data), CRC low byte first.</summary>
public static class RtuFrame
{
    /// <summary>Address, function code and two CRC bytes.</summary>
    public const int MinLength = 4;

    public const int MaxLength = 256;

    public static byte[] Encode(byte slaveId, ReadOnlySpan<byte> pdu)
    {
        if (pdu.IsEmpty || pdu.Length > MaxLength - 3)
            throw new ArgumentException($"A PDU has 1 to {MaxLength - 3} bytes, not {pdu.Length}.", nameof(pdu));
        var frame = new byte[pdu.Length + 3];
        frame[0] = slaveId;
        pdu.CopyTo(frame.AsSpan(1));
        BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(frame.Length - 2), Crc16.Compute(frame.AsSpan(0, frame.Length - 2)));
        return frame;
    }

    /// <summary>The CRC carried in the last two bytes of a frame.</summary>
    public static ushort ReceivedCrc(ReadOnlySpan<byte> frame) => BinaryPrimitives.ReadUInt16LittleEndian(frame[^2..]);

    public static ushort ComputedCrc(ReadOnlySpan<byte> frame) => Crc16.Compute(frame[..^2]);

    public static bool HasValidCrc(ReadOnlySpan<byte> frame) => frame.Length >= MinLength && ReceivedCrc(frame) == ComputedCrc(frame);

    /// <summary>The rejection for a frame too short to have a CRC, or whose CRC does not match; null when both are fine.</summary>
    public static FrameRejection? CheckIntegrity(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < MinLength)
            return FrameRejection.Of(FrameRejectionReason.TooShort, $"{frame.Length} byte(s); every frame has at least {MinLength}", frame);
        if (!HasValidCrc(frame))
            return FrameRejection.Of(FrameRejectionReason.BadCrc, $"CRC {ReceivedCrc(frame):X4} received, {ComputedCrc(frame):X4} computed", frame);
        return null;
    }
}
