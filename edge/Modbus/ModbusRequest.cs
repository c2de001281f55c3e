using System.Buffers.Binary;
using EdgeSecurity.Modbus.Rtu;

namespace EdgeSecurity.Modbus;

/// <summary>One register request: built and encoded by the master, decoded and checked by the slave.</summary>
internal sealed class ModbusRequest
{
    public const byte ExceptionFlag = 0x80;

    /// <summary>Registers per read (03/04) and per write (16): what fits in a 256-byte frame.</summary>
    public const int MaxReadCount = 125;
    public const int MaxWriteCount = 123;

    private const byte MaxSlaveId = 247;

    private ModbusRequest(byte slaveId, ModbusFunction function, ushort address, ushort count, ushort[] values)
    {
        SlaveId = slaveId;
        Function = function;
        Address = address;
        Count = count;
        Values = values;
    }

    public byte SlaveId { get; }

    public ModbusFunction Function { get; }

    public ushort Address { get; }

    public ushort Count { get; }

    /// <summary>The values written (06, 16); empty for reads.</summary>
    public ushort[] Values { get; }

    public bool IsRead => Function is ModbusFunction.ReadHoldingRegisters or ModbusFunction.ReadInputRegisters;

    public RegisterKind Kind => Function == ModbusFunction.ReadInputRegisters ? RegisterKind.Input : RegisterKind.Holding;

    public static ModbusRequest Read(RegisterKind kind, byte slaveId, ushort address, ushort count)
    {
        CheckSlave(slaveId);
        CheckRange(address, count, MaxReadCount);
        var function = kind == RegisterKind.Input ? ModbusFunction.ReadInputRegisters : ModbusFunction.ReadHoldingRegisters;
        return new ModbusRequest(slaveId, function, address, count, []);
    }

    public static ModbusRequest WriteSingle(byte slaveId, ushort address, ushort value)
    {
        CheckSlave(slaveId);
        return new ModbusRequest(slaveId, ModbusFunction.WriteSingleRegister, address, 1, [value]);
    }

    public static ModbusRequest WriteMultiple(byte slaveId, ushort address, IReadOnlyList<ushort> values)
    {
        CheckSlave(slaveId);
        CheckRange(address, values.Count, MaxWriteCount);
        return new ModbusRequest(slaveId, ModbusFunction.WriteMultipleRegisters, address, (ushort)values.Count, [.. values]);
    }

    /// <summary>
    /// Decodes a frame whose CRC has been checked. Returns the exception code the slave must answer with when the
    /// request is unsupported or malformed, otherwise null and the request.
    /// </summary>
    public static ModbusExceptionCode? Decode(ReadOnlySpan<byte> frame, out ModbusRequest? request)
    {
        request = null;
        var function = (ModbusFunction)frame[1];
        if (!Enum.IsDefined(function))
            return ModbusExceptionCode.IllegalFunction;
        if (frame.Length < 8)
            return ModbusExceptionCode.IllegalDataValue;

        var address = BinaryPrimitives.ReadUInt16BigEndian(frame[2..]);
        var second = BinaryPrimitives.ReadUInt16BigEndian(frame[4..]);
        switch (function)
        {
            case ModbusFunction.WriteSingleRegister:
                if (frame.Length != 8)
                    return ModbusExceptionCode.IllegalDataValue;
                request = new ModbusRequest(frame[0], function, address, 1, [second]);
                return null;
            case ModbusFunction.WriteMultipleRegisters:
                if (second is 0 or > MaxWriteCount || frame.Length != 9 + (2 * second) || frame[6] != 2 * second)
                    return ModbusExceptionCode.IllegalDataValue;
                if (address + second > 0x10000)
                    return ModbusExceptionCode.IllegalDataAddress;
                var values = new ushort[second];
                for (var i = 0; i < values.Length; i++)
                    values[i] = BinaryPrimitives.ReadUInt16BigEndian(frame[(7 + (2 * i))..]);
                request = new ModbusRequest(frame[0], function, address, second, values);
                return null;
            default:
                if (frame.Length != 8 || second is 0 or > MaxReadCount)
                    return ModbusExceptionCode.IllegalDataValue;
                if (address + second > 0x10000)
                    return ModbusExceptionCode.IllegalDataAddress;
                request = new ModbusRequest(frame[0], function, address, second, []);
                return null;
        }
    }

    public byte[] Encode()
    {
        Span<byte> pdu = stackalloc byte[6 + (2 * Values.Length)];
        pdu[0] = (byte)Function;
        BinaryPrimitives.WriteUInt16BigEndian(pdu[1..], Address);
        switch (Function)
        {
            case ModbusFunction.WriteSingleRegister:
                BinaryPrimitives.WriteUInt16BigEndian(pdu[3..], Values[0]);
                return RtuFrame.Encode(SlaveId, pdu[..5]);
            case ModbusFunction.WriteMultipleRegisters:
                BinaryPrimitives.WriteUInt16BigEndian(pdu[3..], Count);
                pdu[5] = (byte)(2 * Count);
                for (var i = 0; i < Values.Length; i++)
                    BinaryPrimitives.WriteUInt16BigEndian(pdu[(6 + (2 * i))..], Values[i]);
                return RtuFrame.Encode(SlaveId, pdu);
            default:
                BinaryPrimitives.WriteUInt16BigEndian(pdu[3..], Count);
                return RtuFrame.Encode(SlaveId, pdu[..5]);
        }
    }

    public override string ToString() => $"slave {SlaveId} function {Function.Describe()} address {Address} count {Count}";

    private static void CheckSlave(byte slaveId)
    {
        if (slaveId is 0 or > MaxSlaveId)
            throw new ArgumentOutOfRangeException(nameof(slaveId), slaveId, $"Slave ids are 1 to {MaxSlaveId}.");
    }

    private static void CheckRange(ushort address, int count, int maxCount)
    {
        if (count < 1 || count > maxCount)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"A request covers 1 to {maxCount} registers.");
        if (address + count > 0x10000)
            throw new ArgumentOutOfRangeException(nameof(address), address, $"Registers {address}..{address + count - 1} run past 65535.");
    }
}
