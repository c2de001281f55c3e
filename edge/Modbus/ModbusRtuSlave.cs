using System.Buffers.Binary;
using System.Collections.Concurrent;
using EdgeSecurity.Bindings.Serial;
using EdgeSecurity.Modbus.Rtu;

namespace EdgeSecurity.Modbus;

/// <summary>
/// The slave (server) side of a bus, answering for one or more slave ids: a simulator, or a test double of field
/// devices. Frames end at a silence of t3.5, as the spec frames them, so the answer of another slave on a shared
/// bus arrives whole and is ignored like any frame for an id not served here. Invalid frames raise
/// <see cref="FrameRejected"/> and are not answered.
/// </summary>
public sealed class ModbusRtuSlave
{
    private readonly RtuBus _bus;
    private readonly ConcurrentDictionary<byte, IModbusSlaveDevice> _devices = new();

    public ModbusRtuSlave(SerialLine line, RtuTiming? timing = null)
    {
        ArgumentNullException.ThrowIfNull(line);
        _bus = new RtuBus(line, timing ?? RtuTiming.ForBaudRate(line.Settings.BaudRate));
    }

    public event EventHandler<FrameRejectedEventArgs>? FrameRejected;

    public event EventHandler<RequestServedEventArgs>? RequestServed;

    public void Serve(byte slaveId, IModbusSlaveDevice device)
    {
        if (slaveId is 0 or > 247)
            throw new ArgumentOutOfRangeException(nameof(slaveId), slaveId, "Slave ids are 1 to 247.");
        if (!_devices.TryAdd(slaveId, device))
            throw new ArgumentException($"Slave id {slaveId} is already served.", nameof(slaveId));
    }

    /// <summary>Answers requests until cancelled (then throws <see cref="OperationCanceledException"/>) or the line fails.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            byte[] frame;
            try
            {
                var reception = await _bus.ReceiveAsync(FrameLength.AtSilence, Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
                if (reception.CheckIntegrity() is { } broken)
                {
                    Report(broken);
                    continue;
                }
                frame = reception.Bytes.ToArray();
            }
            catch (BusNotQuietException noisy)
            {
                Report(noisy.Rejection);
                continue;
            }

            if (_devices.TryGetValue(frame[0], out var device))
                await AnswerAsync(frame, device, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task AnswerAsync(byte[] frame, IModbusSlaveDevice device, CancellationToken cancellationToken)
    {
        var refusal = ModbusRequest.Decode(frame, out var request);
        byte[] answer = [];
        if (request is not null)
            refusal = Execute(request, device, out answer);
        if (refusal is { } code)
            answer = [(byte)(frame[1] | ModbusRequest.ExceptionFlag), (byte)code];

        // The frame ended with a silence of t3.5, which is also the gap the answer needs: it goes out at once.
        await _bus.SendAsync(RtuFrame.Encode(frame[0], answer), cancellationToken).ConfigureAwait(false);
        RequestServed?.Invoke(this, new RequestServedEventArgs(
            frame[0], (ModbusFunction)frame[1], request?.Address ?? 0, request?.Count ?? 0, refusal));
    }

    /// <summary>Runs the request on the device: null and the answer's PDU, or the exception to answer with.</summary>
    private static ModbusExceptionCode? Execute(ModbusRequest request, IModbusSlaveDevice device, out byte[] answer)
    {
        answer = [];
        if (request.IsRead)
        {
            var values = new ushort[request.Count];
            if (device.Read(request.Kind, request.Address, values) is { } readRefused)
                return readRefused;
            answer = new byte[2 + (2 * values.Length)];
            answer[0] = (byte)request.Function;
            answer[1] = (byte)(2 * values.Length);
            for (var i = 0; i < values.Length; i++)
                BinaryPrimitives.WriteUInt16BigEndian(answer.AsSpan(2 + (2 * i)), values[i]);
            return null;
        }

        if (device.Write(request.Address, request.Values) is { } writeRefused)
            return writeRefused;
        answer = new byte[5];
        answer[0] = (byte)request.Function;
        BinaryPrimitives.WriteUInt16BigEndian(answer.AsSpan(1), request.Address);
        BinaryPrimitives.WriteUInt16BigEndian(answer.AsSpan(3), request.Function == ModbusFunction.WriteSingleRegister ? request.Values[0] : request.Count);
        return null;
    }

    private void Report(FrameRejection rejection) => FrameRejected?.Invoke(this, new FrameRejectedEventArgs(null, rejection));
}
