using EdgeSecurity.Modbus.Rtu;

namespace EdgeSecurity.Modbus.Tests;

public sealed class FrameTests
{
    [Fact]
    public void Requests_encode_as_the_specification_lays_them_out()
    {
        Assert.Equal("01030000000AC5CD", Hex(ModbusRequest.Read(RegisterKind.Holding, 1, 0, 10).Encode()));
        Assert.Equal("0204000100022038", Hex(ModbusRequest.Read(RegisterKind.Input, 2, 1, 2).Encode()));
        Assert.Equal("01060001000A580D", Hex(ModbusRequest.WriteSingle(1, 1, 10).Encode()));
        Assert.Equal("01100001000204000A01029230", Hex(ModbusRequest.WriteMultiple(1, 1, [10, 258]).Encode()));
    }

    [Theory]
    [InlineData("01030000000A", ModbusFunction.ReadHoldingRegisters, 0, 10)]
    [InlineData("11040100007D", ModbusFunction.ReadInputRegisters, 256, 125)]
    [InlineData("01060001000A", ModbusFunction.WriteSingleRegister, 1, 1)]
    [InlineData("01100001000204000A0102", ModbusFunction.WriteMultipleRegisters, 1, 2)]
    public void A_slave_decodes_what_a_master_encodes(string body, ModbusFunction function, int address, int count)
    {
        var frame = Frame(body);

        var refusal = ModbusRequest.Decode(frame, out var request);

        Assert.Null(refusal);
        Assert.Equal(function, request!.Function);
        Assert.Equal(address, request.Address);
        Assert.Equal(count, request.Count);
    }

    [Theory]
    [InlineData("012B0E0100", ModbusExceptionCode.IllegalFunction)]
    [InlineData("010300000000", ModbusExceptionCode.IllegalDataValue)]
    [InlineData("01030000007E", ModbusExceptionCode.IllegalDataValue)]
    [InlineData("0103FFFF0002", ModbusExceptionCode.IllegalDataAddress)]
    [InlineData("01100001000203000A01", ModbusExceptionCode.IllegalDataValue)]
    [InlineData("010300", ModbusExceptionCode.IllegalDataValue)]
    public void A_slave_answers_malformed_requests_with_the_exception_the_specification_names(string body, ModbusExceptionCode expected)
    {
        Assert.Equal(expected, ModbusRequest.Decode(Frame(body), out var request));
        Assert.Null(request);
    }

    [Fact]
    public void A_master_refuses_requests_that_cannot_be_put_on_the_wire()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ModbusRequest.Read(RegisterKind.Holding, 0, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ModbusRequest.Read(RegisterKind.Holding, 248, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ModbusRequest.Read(RegisterKind.Holding, 1, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ModbusRequest.Read(RegisterKind.Holding, 1, 0, 126));
        Assert.Throws<ArgumentOutOfRangeException>(() => ModbusRequest.Read(RegisterKind.Holding, 1, 65535, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => ModbusRequest.WriteMultiple(1, 0, new ushort[124]));
    }

    [Fact]
    public void A_valid_answer_yields_its_registers()
    {
        var request = ModbusRequest.Read(RegisterKind.Holding, 1, 0, 2);

        var outcome = ResponseCheck.Check(request, Reception("010304000A0102"));

        Assert.Null(outcome.Rejection);
        Assert.Equal([10, 258], outcome.Registers);
    }

    [Theory]
    [InlineData("0103", false, FrameRejectionReason.TooShort, "2 byte(s); every frame has at least 4")]
    [InlineData("01030400", false, FrameRejectionReason.TooShort, "4 bytes; the header announces 9")]
    [InlineData("02030400000000", true, FrameRejectionReason.WrongSlave, "an answer from slave 2; slave 1 was asked")]
    [InlineData("010404000A0102", true, FrameRejectionReason.WrongFunction, "an answer for function 04; function 03 (read holding registers) was asked")]
    [InlineData("010302000A", true, FrameRejectionReason.WrongLength, "byte count 2; 2 register(s) were asked, 4 bytes")]
    public void Invalid_answers_are_rejected_with_the_reason(string body, bool addCrc, FrameRejectionReason reason, string detail)
    {
        var request = ModbusRequest.Read(RegisterKind.Holding, 1, 0, 2);
        var frame = addCrc ? Frame(body) : Convert.FromHexString(body);

        var rejection = ResponseCheck.Check(request, new RtuReception(frame, 0)).Rejection;

        Assert.NotNull(rejection);
        Assert.Equal(reason, rejection.Reason);
        Assert.Equal(detail, rejection.Detail);
    }

    [Fact]
    public void An_answer_with_a_bad_crc_is_rejected_showing_both_crcs_and_the_bytes()
    {
        var request = ModbusRequest.Read(RegisterKind.Holding, 1, 0, 2);
        var frame = Frame("010304000A0102");
        frame[^1] ^= 0xFF;

        var rejection = ResponseCheck.Check(request, new RtuReception(frame, 0)).Rejection!;

        Assert.Equal(FrameRejectionReason.BadCrc, rejection.Reason);
        Assert.Equal($"CRC {RtuFrame.ReceivedCrc(frame):X4} received, {RtuFrame.ComputedCrc(frame):X4} computed [01 03 04 00 0A 01 02 {frame[^2]:X2} {frame[^1]:X2}]", rejection.ToString());
    }

    [Fact]
    public void Bytes_beyond_the_announced_length_and_runaway_frames_are_rejected()
    {
        var request = ModbusRequest.Read(RegisterKind.Holding, 1, 0, 1);

        var longer = ResponseCheck.Check(request, new RtuReception(Frame("010302000AFF"), 0)).Rejection!;
        var runaway = ResponseCheck.Check(request, new RtuReception(new byte[256], 40)).Rejection!;

        Assert.Equal(FrameRejectionReason.WrongLength, longer.Reason);
        Assert.Equal("8 bytes; the header announces 7", longer.Detail);
        Assert.Equal(FrameRejectionReason.TooLong, runaway.Reason);
        Assert.StartsWith("296 bytes without a pause", runaway.Detail, StringComparison.Ordinal);
        Assert.EndsWith(" …", runaway.Bytes, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("01060001000B", FrameRejectionReason.WrongEcho, "acknowledged address 1 value 11; sent address 1 value 10")]
    [InlineData("01060002000A", FrameRejectionReason.WrongEcho, "acknowledged address 2 value 10; sent address 1 value 10")]
    public void A_write_acknowledged_for_something_else_is_rejected(string body, FrameRejectionReason reason, string detail)
    {
        var request = ModbusRequest.WriteSingle(1, 1, 10);

        var rejection = ResponseCheck.Check(request, Reception(body)).Rejection!;

        Assert.Equal(reason, rejection.Reason);
        Assert.Equal(detail, rejection.Detail);
    }

    [Fact]
    public void The_inter_frame_gap_is_three_and_a_half_characters_up_to_19200_baud_and_fixed_above()
    {
        Assert.Equal(4.01, RtuTiming.ForBaudRate(9600).InterFrameGap.TotalMilliseconds, precision: 2);
        Assert.Equal(2.005, RtuTiming.ForBaudRate(19200).InterFrameGap.TotalMilliseconds, precision: 3);
        Assert.Equal(1.75, RtuTiming.ForBaudRate(38400).InterFrameGap.TotalMilliseconds, precision: 3);
        Assert.Equal(1.75, RtuTiming.ForBaudRate(115200).InterFrameGap.TotalMilliseconds, precision: 3);
        Assert.Equal(9.17, RtuTiming.ForBaudRate(9600).TransmitTime(8).TotalMilliseconds, precision: 2);
    }

    private static byte[] Frame(string body)
    {
        var bytes = Convert.FromHexString(body);
        return RtuFrame.Encode(bytes[0], bytes.AsSpan(1));
    }

    private static RtuReception Reception(string body) => new(Frame(body), 0);

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes);
}
