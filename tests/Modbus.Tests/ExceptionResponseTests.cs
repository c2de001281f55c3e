using EdgeSecurity.Modbus.Rtu;
using EdgeSecurity.Modbus.Tests.Support;

namespace EdgeSecurity.Modbus.Tests;

public sealed class ExceptionResponseTests
{
    [Theory]
    [InlineData(0x01, "illegal function")]
    [InlineData(0x02, "illegal data address")]
    [InlineData(0x03, "illegal data value")]
    [InlineData(0x04, "server device failure")]
    [InlineData(0x05, "acknowledge")]
    [InlineData(0x06, "server device busy")]
    [InlineData(0x07, "negative acknowledge")]
    [InlineData(0x08, "memory parity error")]
    [InlineData(0x09, "not defined by the Modbus specification")]
    [InlineData(0x0A, "gateway path unavailable")]
    [InlineData(0x0B, "gateway target failed to respond")]
    public void Each_exception_code_becomes_a_typed_error_that_says_what_it_means(byte code, string meaning)
    {
        var request = ModbusRequest.Read(RegisterKind.Input, 7, 0, 1);
        var answer = RtuFrame.Encode(7, [0x84, code]);

        var outcome = ResponseCheck.Check(request, new RtuReception(answer, 0));
        var error = new ModbusSlaveException(7, request.Function, outcome.Exception!.Value);

        Assert.Null(outcome.Rejection);
        Assert.Equal((ModbusExceptionCode)code, error.Code);
        Assert.StartsWith($"Slave 7 answered function 04 (read input registers) with exception {code:X2}, {meaning}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_exception_answer_on_the_bus_is_thrown_at_once_and_not_retried()
    {
        await using var bus = await PtyBus.OpenAsync();
        using var master = new ModbusRtuMaster(bus.MasterLine, PtyBus.Options());
        var device = new ScriptedDevice(bus.DeviceLine);
        var script = Task.Run(async () =>
        {
            var request = await device.ReceiveRequestAsync();
            await device.SendAsync(RtuFrame.Encode(request[0], [0x83, 0x02]));
            // The next frame must be the next request, not a retry of the refused one.
            return await device.ReceiveRequestAsync();
        });

        var error = await Assert.ThrowsAsync<ModbusSlaveException>(() => master.ReadHoldingRegistersAsync(1, 0x0100, 2));
        var next = master.ReadHoldingRegistersAsync(1, 0x0200, 1);
        var nextRequest = await script.WaitAsync(PtyBus.Patience);

        Assert.Equal(ModbusExceptionCode.IllegalDataAddress, error.Code);
        Assert.Equal("010302000001", Convert.ToHexString(nextRequest)[..12]);
        await device.SendAsync(ScriptedDevice.ReadAnswer(nextRequest, 5));
        Assert.Equal([5], await next);
    }
}
