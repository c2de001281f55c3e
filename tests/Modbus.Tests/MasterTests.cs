using System.Diagnostics;
using EdgeSecurity.Modbus.Rtu;
using EdgeSecurity.Modbus.Tests.Support;

namespace EdgeSecurity.Modbus.Tests;

/// <summary>The master against a scripted far end that misbehaves on purpose.</summary>
public sealed class MasterTests
{
    [Fact]
    public async Task Registers_read_over_the_bus_arrive_in_order()
    {
        await using var bus = await PtyBus.OpenAsync();
        using var master = new ModbusRtuMaster(bus.MasterLine, PtyBus.Options());
        var device = new ScriptedDevice(bus.DeviceLine);
        var script = AnswerOnce(device, request => ScriptedDevice.ReadAnswer(request, 0x0001, 0xFFFF, 0x1234));

        var registers = await master.ReadHoldingRegistersAsync(1, 0, 3);

        Assert.Equal([0x0001, 0xFFFF, 0x1234], registers);
        Assert.Equal("010300000003", Convert.ToHexString(await script)[..12]);
    }

    [Fact]
    public async Task A_slave_that_never_answers_gives_a_timeout_after_every_retry()
    {
        await using var bus = await PtyBus.OpenAsync();
        using var master = new ModbusRtuMaster(bus.MasterLine, PtyBus.Options(retries: 2, PtyBus.ShortTimeout));

        var elapsed = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<ModbusTimeoutException>(() => master.ReadInputRegistersAsync(9, 1, 2));

        Assert.Equal(3, error.Attempts);
        Assert.StartsWith("Slave 9 did not answer function 04 (read input registers) within 250 ms, 3 attempt(s)", error.Message, StringComparison.Ordinal);
        Assert.True(elapsed.Elapsed >= 3 * PtyBus.ShortTimeout, $"gave up after {elapsed.Elapsed.TotalMilliseconds:0} ms");
        var sent = new byte[24];
        await bus.DeviceLine.ReadExactlyAsync(sent, PtyBus.Patience);
        Assert.Equal(0, await bus.DeviceLine.ReadAsync(new byte[8], TimeSpan.Zero));
        Assert.All(sent.Chunk(8), frame => Assert.Equal("090400010002", Convert.ToHexString(frame)[..12]));
    }

    [Fact]
    public async Task A_request_that_goes_unanswered_once_succeeds_on_the_retry()
    {
        await using var bus = await PtyBus.OpenAsync();
        // The default timeout, not the short one: the same timeout must also let the retry's answer arrive on a loaded
        // machine (at 250 ms it came late in one CI run out of many, and the master gave up after its third attempt).
        using var master = new ModbusRtuMaster(bus.MasterLine, PtyBus.Options());
        var device = new ScriptedDevice(bus.DeviceLine);
        var script = Task.Run(async () =>
        {
            await device.ReceiveRequestAsync();
            var retry = await device.ReceiveRequestAsync();
            await device.SendAsync(ScriptedDevice.ReadAnswer(retry, 42));
        });

        Assert.Equal([42], await master.ReadHoldingRegistersAsync(1, 0, 1));
        await script;
    }

    [Fact]
    public async Task Answers_with_a_bad_crc_are_rejected_on_every_attempt_and_the_bus_still_works_afterwards()
    {
        await using var bus = await PtyBus.OpenAsync();
        using var master = new ModbusRtuMaster(bus.MasterLine, PtyBus.Options());
        var rejections = Record(master);
        var device = new ScriptedDevice(bus.DeviceLine);
        var script = Task.Run(async () =>
        {
            for (var attempt = 0; attempt < 3; attempt++)
                await device.SendAsync(ScriptedDevice.WithBadCrc(ScriptedDevice.ReadAnswer(await device.ReceiveRequestAsync(), 1)));
            await device.SendAsync(ScriptedDevice.ReadAnswer(await device.ReceiveRequestAsync(), 7));
        });

        var error = await Assert.ThrowsAsync<ModbusFrameException>(() => master.ReadHoldingRegistersAsync(1, 0, 1));
        var afterwards = await master.ReadHoldingRegistersAsync(1, 0, 1);
        await script;

        Assert.Equal(FrameRejectionReason.BadCrc, error.LastRejection.Reason);
        Assert.StartsWith("Slave 1 gave no valid answer to function 03 (read holding registers) in 3 attempt(s); last: CRC ", error.Message, StringComparison.Ordinal);
        Assert.Equal([FrameRejectionReason.BadCrc, FrameRejectionReason.BadCrc, FrameRejectionReason.BadCrc], rejections.Select(r => r.Reason));
        Assert.Equal([7], afterwards);
    }

    [Fact]
    public async Task Garbage_instead_of_an_answer_is_rejected_and_the_retry_is_accepted()
    {
        await using var bus = await PtyBus.OpenAsync();
        using var master = new ModbusRtuMaster(bus.MasterLine, PtyBus.Options());
        var rejections = Record(master);
        var device = new ScriptedDevice(bus.DeviceLine);
        var script = Task.Run(async () =>
        {
            await device.ReceiveRequestAsync();
            await device.SendAsync([0xFF, 0x00, 0x13, 0x37, 0xFF, 0xFE, 0x00]);
            await device.SendAsync(ScriptedDevice.ReadAnswer(await device.ReceiveRequestAsync(), 3));
        });

        Assert.Equal([3], await master.ReadHoldingRegistersAsync(1, 0, 1));
        await script;

        var rejection = Assert.Single(rejections);
        Assert.Equal(FrameRejectionReason.BadCrc, rejection.Reason);
        Assert.Equal("FF 00 13 37 FF FE 00", rejection.Bytes);
    }

    [Fact]
    public async Task Stray_bytes_on_the_line_before_a_request_are_discarded_and_reported()
    {
        await using var bus = await PtyBus.OpenAsync();
        using var master = new ModbusRtuMaster(bus.MasterLine, PtyBus.Options());
        var rejections = Record(master);
        var device = new ScriptedDevice(bus.DeviceLine);
        // A late answer to an earlier request is already waiting when the next request goes out.
        await device.SendAsync([0x01, 0x03, 0x02, 0x00, 0x63]);
        await Poll.UntilAsync(() => Task.FromResult(bus.MasterLine.BytesAvailable), count => count == 5, "the stray bytes to reach the master", PtyBus.Patience);
        var script = AnswerOnce(device, request => ScriptedDevice.ReadAnswer(request, 8));

        Assert.Equal([8], await master.ReadHoldingRegistersAsync(1, 0, 1));
        await script;

        var rejection = Assert.Single(rejections);
        Assert.Equal(FrameRejectionReason.StrayBytes, rejection.Reason);
        Assert.StartsWith("5 byte(s) arrived between frames", rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_from_another_slave_or_cut_short_is_rejected_with_the_reason()
    {
        await using var bus = await PtyBus.OpenAsync();
        using var master = new ModbusRtuMaster(bus.MasterLine, PtyBus.Options(retries: 1));
        var rejections = Record(master);
        var device = new ScriptedDevice(bus.DeviceLine);
        var script = Task.Run(async () =>
        {
            var request = await device.ReceiveRequestAsync();
            var fromSlave2 = ScriptedDevice.ReadAnswer([2, .. request[1..]], 1);
            await device.SendAsync(fromSlave2);
            await device.SendAsync(ScriptedDevice.ReadAnswer(await device.ReceiveRequestAsync(), 1)[..4]);
        });

        var error = await Assert.ThrowsAsync<ModbusFrameException>(() => master.ReadHoldingRegistersAsync(1, 0, 1));
        await script;

        Assert.Equal([FrameRejectionReason.WrongSlave, FrameRejectionReason.TooShort], rejections.Select(r => r.Reason));
        Assert.Equal("4 bytes; the header announces 7", error.LastRejection.Detail);
    }

    [Fact]
    public async Task Cancelling_a_request_ends_it_and_the_next_request_finds_a_clean_bus()
    {
        await using var bus = await PtyBus.OpenAsync();
        using var master = new ModbusRtuMaster(bus.MasterLine, new ModbusMasterOptions { ResponseTimeout = TimeSpan.FromSeconds(30) });
        var device = new ScriptedDevice(bus.DeviceLine);
        using var cancellation = new CancellationTokenSource();

        var pending = master.ReadHoldingRegistersAsync(1, 0, 1, cancellation.Token);
        var abandoned = await device.ReceiveRequestAsync();
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        // The answer to the abandoned request arrives late; the next request must not take it for its own.
        var rejections = Record(master);
        await device.SendAsync(ScriptedDevice.ReadAnswer(abandoned, 111));
        var script = AnswerOnce(device, request => ScriptedDevice.ReadAnswer(request, 222));

        Assert.Equal([222], await master.ReadHoldingRegistersAsync(1, 0, 1));
        await script;
        Assert.Equal("a late answer to an abandoned request was discarded", Assert.Single(rejections).Detail);
    }

    private static Task<byte[]> AnswerOnce(ScriptedDevice device, Func<byte[], byte[]> answer) => Task.Run(async () =>
    {
        var request = await device.ReceiveRequestAsync();
        await device.SendAsync(answer(request));
        return request;
    });

    private static List<FrameRejection> Record(ModbusRtuMaster master)
    {
        var rejections = new List<FrameRejection>();
        master.FrameRejected += (_, e) => rejections.Add(e.Rejection);
        return rejections;
    }
}
