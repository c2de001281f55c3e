namespace EdgeSecurity.Modbus.Rtu;

/// <summary>The total length a frame's header announces, or null while the bytes so far cannot tell (then silence ends the frame).</summary>
internal delegate int? FrameLengthRule(ReadOnlySpan<byte> received);

/// <summary>
/// Knowing a frame's length from its header lets a receiver accept it the moment its last byte arrives instead of
/// waiting out t3.5, and keeps frames whole when a USB adapter delivers them in bursts.
/// </summary>
internal static class FrameLength
{
    public static int? OfResponse(ReadOnlySpan<byte> received)
    {
        if (received.Length < 2)
            return null;
        if ((received[1] & ModbusRequest.ExceptionFlag) != 0)
            return 5;
        return (ModbusFunction)received[1] switch
        {
            ModbusFunction.ReadHoldingRegisters or ModbusFunction.ReadInputRegisters => received.Length < 3 ? null : 5 + received[2],
            ModbusFunction.WriteSingleRegister or ModbusFunction.WriteMultipleRegisters => 8,
            _ => null,
        };
    }

    /// <summary>No length from the header: the frame ends at the first silence, as the spec frames it.</summary>
    public static int? AtSilence(ReadOnlySpan<byte> received) => null;
}
