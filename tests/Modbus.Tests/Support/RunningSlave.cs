using EdgeSecurity.Bindings.Serial;
using EdgeSecurity.Modbus.Rtu;

namespace EdgeSecurity.Modbus.Tests.Support;

/// <summary>A <see cref="ModbusRtuSlave"/> answering in the background until disposed; records what it rejected.</summary>
internal sealed class RunningSlave : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private readonly List<FrameRejection> _rejections = [];

    public RunningSlave(SerialLine line, IReadOnlyDictionary<byte, IModbusSlaveDevice> devices, RtuTiming? timing = null)
    {
        Slave = new ModbusRtuSlave(line, timing);
        foreach (var (id, device) in devices)
            Slave.Serve(id, device);
        Slave.FrameRejected += (_, e) =>
        {
            lock (_rejections)
                _rejections.Add(e.Rejection);
        };
        _running = Slave.RunAsync(_stop.Token);
    }

    public ModbusRtuSlave Slave { get; }

    public IReadOnlyList<FrameRejection> Rejections
    {
        get
        {
            lock (_rejections)
                return [.. _rejections];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _running.WaitAsync(PtyBus.Patience));
        _stop.Dispose();
    }
}
