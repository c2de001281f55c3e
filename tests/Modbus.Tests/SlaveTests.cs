using EdgeSecurity.Modbus.Rtu;
using EdgeSecurity.Modbus.Tests.Support;

namespace EdgeSecurity.Modbus.Tests;

/// <summary>The master and the slave side of the library talking over one pty bus.</summary>
public sealed class SlaveTests
{
    [Fact]
    public async Task Two_slave_ids_on_one_bus_each_answer_their_own_requests_when_asked_concurrently()
    {
        await using var bus = await PtyBus.OpenAsync();
        var first = Map(RegisterKind.Holding, 0, 100, 101);
        var second = Map(RegisterKind.Holding, 0, 200, 201);
        await using var slave = new RunningSlave(bus.DeviceLine, new Dictionary<byte, IModbusSlaveDevice> { [1] = first, [2] = second });
        using var master = new ModbusRtuMaster(bus.MasterLine, PtyBus.Options(retries: 0));
        var masterRejections = 0;
        master.FrameRejected += (_, _) => Interlocked.Increment(ref masterRejections);

        var reads = Enumerable.Range(0, 20).Select(i => (SlaveId: (byte)(1 + (i % 2)), Read: master.ReadHoldingRegistersAsync((byte)(1 + (i % 2)), 0, 2))).ToList();
        await Task.WhenAll(reads.Select(r => r.Read));

        Assert.All(reads, r => Assert.Equal(r.SlaveId == 1 ? [100, 101] : new ushort[] { 200, 201 }, r.Read.Result));
        Assert.Equal(0, masterRejections);
        Assert.Empty(slave.Rejections);
    }

    [Fact]
    public async Task Reading_registers_a_device_does_not_have_is_answered_with_exception_02()
    {
        await using var bus = await PtyBus.OpenAsync();
        await using var slave = new RunningSlave(bus.DeviceLine, new Dictionary<byte, IModbusSlaveDevice> { [1] = Map(RegisterKind.Input, 1, 5, 6) });
        using var master = new ModbusRtuMaster(bus.MasterLine, PtyBus.Options());

        var error = await Assert.ThrowsAsync<ModbusSlaveException>(() => master.ReadInputRegistersAsync(1, 1, 3));
        var wrongTable = await Assert.ThrowsAsync<ModbusSlaveException>(() => master.ReadHoldingRegistersAsync(1, 1, 1));

        Assert.Equal(ModbusExceptionCode.IllegalDataAddress, error.Code);
        Assert.Equal(ModbusExceptionCode.IllegalDataAddress, wrongTable.Code);
        Assert.Equal([5, 6], await master.ReadInputRegistersAsync(1, 1, 2));
    }

    [Fact]
    public async Task Writes_reach_writable_registers_only()
    {
        await using var bus = await PtyBus.OpenAsync();
        var map = new RegisterMap();
        map.Define(RegisterKind.Holding, 0x100, 1, writable: true);
        map.Define(RegisterKind.Holding, 0x101, 2, writable: true);
        map.Define(RegisterKind.Holding, 0x102, 3);
        await using var slave = new RunningSlave(bus.DeviceLine, new Dictionary<byte, IModbusSlaveDevice> { [4] = map });
        using var master = new ModbusRtuMaster(bus.MasterLine, PtyBus.Options());

        await master.WriteSingleRegisterAsync(4, 0x100, 17);
        await master.WriteMultipleRegistersAsync(4, 0x100, [18, 19]);
        var readOnly = await Assert.ThrowsAsync<ModbusSlaveException>(() => master.WriteMultipleRegistersAsync(4, 0x101, [7, 7]));

        Assert.Equal(ModbusExceptionCode.IllegalDataAddress, readOnly.Code);
        Assert.Equal([18, 19, 3], await master.ReadHoldingRegistersAsync(4, 0x100, 3));
    }

    [Fact]
    public async Task Requests_for_an_id_nobody_serves_go_unanswered()
    {
        await using var bus = await PtyBus.OpenAsync();
        await using var slave = new RunningSlave(bus.DeviceLine, new Dictionary<byte, IModbusSlaveDevice> { [1] = Map(RegisterKind.Holding, 0, 1) });
        using var master = new ModbusRtuMaster(bus.MasterLine, PtyBus.Options(retries: 0, PtyBus.ShortTimeout));

        await Assert.ThrowsAsync<ModbusTimeoutException>(() => master.ReadHoldingRegistersAsync(3, 0, 1));

        Assert.Empty(slave.Rejections);
    }

    [Fact]
    public async Task A_request_with_a_bad_crc_is_rejected_unanswered_and_the_slave_keeps_serving()
    {
        await using var bus = await PtyBus.OpenAsync();
        await using var slave = new RunningSlave(bus.DeviceLine, new Dictionary<byte, IModbusSlaveDevice> { [1] = Map(RegisterKind.Holding, 0, 9) });
        var rejected = new TaskCompletionSource<FrameRejection>(TaskCreationOptions.RunContinuationsAsynchronously);
        slave.Slave.FrameRejected += (_, e) => rejected.TrySetResult(e.Rejection);

        var request = ModbusRequest.Read(RegisterKind.Holding, 1, 0, 1).Encode();
        await bus.MasterLine.WriteAsync(ScriptedDevice.WithBadCrc(request), PtyBus.Patience);
        var rejection = await rejected.Task.WaitAsync(PtyBus.Patience);
        using var master = new ModbusRtuMaster(bus.MasterLine, PtyBus.Options());

        Assert.Equal(FrameRejectionReason.BadCrc, rejection.Reason);
        Assert.Equal([9], await master.ReadHoldingRegistersAsync(1, 0, 1));
    }

    [Fact]
    public async Task An_unsupported_function_is_answered_with_exception_01()
    {
        await using var bus = await PtyBus.OpenAsync();
        await using var slave = new RunningSlave(bus.DeviceLine, new Dictionary<byte, IModbusSlaveDevice> { [1] = Map(RegisterKind.Holding, 0, 9) });

        // 2B/0E: read device identification, which detectors rarely implement.
        await bus.MasterLine.WriteAsync(RtuFrame.Encode(1, [0x2B, 0x0E, 0x01, 0x00]), PtyBus.Patience);
        var answer = new byte[5];
        await bus.MasterLine.ReadExactlyAsync(answer, PtyBus.Patience);

        Assert.Equal(Convert.ToHexString(RtuFrame.Encode(1, [0xAB, 0x01])), Convert.ToHexString(answer));
    }

    private static RegisterMap Map(RegisterKind kind, ushort address, params ushort[] values)
    {
        var map = new RegisterMap();
        for (var i = 0; i < values.Length; i++)
            map.Define(kind, (ushort)(address + i), values[i]);
        return map;
    }
}
