using System.Buffers.Binary;

namespace EdgeSecurity.Modbus.Rtu;

/// <summary>A checked answer: registers (empty for writes), the exception the slave answered with, or why the frame was rejected.</summary>
internal readonly record struct ResponseOutcome(ushort[] Registers, ModbusExceptionCode? Exception, FrameRejection? Rejection)
{
    public static ResponseOutcome Rejected(FrameRejectionReason reason, string detail, ReadOnlySpan<byte> frame) =>
        new([], null, FrameRejection.Of(reason, detail, frame));
}

/// <summary>Matches a received frame against the request it should answer.</summary>
internal static class ResponseCheck
{
    public static ResponseOutcome Check(ModbusRequest request, RtuReception reception)
    {
        var frame = reception.Bytes.Span;
        if (reception.CheckShape(FrameLength.OfResponse) is { } broken)
            return new ResponseOutcome([], null, broken);
        if (frame[0] != request.SlaveId)
            return ResponseOutcome.Rejected(FrameRejectionReason.WrongSlave, $"an answer from slave {frame[0]}; slave {request.SlaveId} was asked", frame);

        var function = frame[1];
        if (function == ((byte)request.Function | ModbusRequest.ExceptionFlag))
            return new ResponseOutcome([], (ModbusExceptionCode)frame[2], null);
        if (function != (byte)request.Function)
            return ResponseOutcome.Rejected(FrameRejectionReason.WrongFunction, $"an answer for function {function:X2}; function {request.Function.Describe()} was asked", frame);

        return request.IsRead ? CheckRead(request, frame) : CheckWrite(request, frame);
    }

    private static ResponseOutcome CheckRead(ModbusRequest request, ReadOnlySpan<byte> frame)
    {
        var byteCount = 2 * request.Count;
        if (frame[2] != byteCount)
            return ResponseOutcome.Rejected(FrameRejectionReason.WrongLength, $"byte count {frame[2]}; {request.Count} register(s) were asked, {byteCount} bytes", frame);
        var registers = new ushort[request.Count];
        for (var i = 0; i < registers.Length; i++)
            registers[i] = BinaryPrimitives.ReadUInt16BigEndian(frame[(3 + (2 * i))..]);
        return new ResponseOutcome(registers, null, null);
    }

    private static ResponseOutcome CheckWrite(ModbusRequest request, ReadOnlySpan<byte> frame)
    {
        var address = BinaryPrimitives.ReadUInt16BigEndian(frame[2..]);
        var second = BinaryPrimitives.ReadUInt16BigEndian(frame[4..]);
        var expected = request.Function == ModbusFunction.WriteSingleRegister ? request.Values[0] : request.Count;
        if (address != request.Address || second != expected)
        {
            var what = request.Function == ModbusFunction.WriteSingleRegister ? "value" : "count";
            return ResponseOutcome.Rejected(FrameRejectionReason.WrongEcho, $"acknowledged address {address} {what} {second}; sent address {request.Address} {what} {expected}", frame);
        }
        return new ResponseOutcome([], null, null);
    }
}
