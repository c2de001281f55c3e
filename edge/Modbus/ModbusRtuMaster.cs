using System.Diagnostics;
using EdgeSecurity.Bindings.Serial;
using EdgeSecurity.Modbus.Rtu;

namespace EdgeSecurity.Modbus;

/// <summary>
/// The master (client) of one RS-485 bus. Requests to any number of slaves may be issued concurrently; they go out
/// one at a time, each waiting for its answer, because a bus carries one conversation at a time. The caller owns
/// the serial line.
/// </summary>
/// <remarks>
/// A timeout or an invalid answer (bad CRC, wrong length, another slave ...) raises <see cref="FrameRejected"/> and is
/// retried; stale bytes are discarded before each request, so garbage never spills into the next conversation.
/// RTU frames carry no transaction id, so after a request was abandoned (cancelled, or unanswered on every attempt)
/// the next request first waits out the window in which its late answer could still come, and discards it.
/// A closed line (<see cref="SerialLineClosedException"/>) is not retried: the line has to be opened again.
/// </remarks>
public sealed class ModbusRtuMaster : IDisposable
{
    private readonly RtuBus _bus;
    private readonly ModbusMasterOptions _options;
    private readonly SemaphoreSlim _turn = new(1, 1);

    // Stopwatch timestamp until which an answer to an abandoned request may still arrive; 0 when none is owed.
    private long _lateAnswerDeadline;

    public ModbusRtuMaster(SerialLine line, ModbusMasterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(line);
        _options = options ?? new ModbusMasterOptions();
        _options.Validate();
        _bus = new RtuBus(line, _options.Timing ?? RtuTiming.ForBaudRate(line.Settings.BaudRate));
    }

    public event EventHandler<FrameRejectedEventArgs>? FrameRejected;

    /// <summary>Function 03.</summary>
    public Task<ushort[]> ReadHoldingRegistersAsync(byte slaveId, ushort address, ushort count, CancellationToken cancellationToken = default) =>
        ReadRegistersAsync(RegisterKind.Holding, slaveId, address, count, cancellationToken);

    /// <summary>Function 04.</summary>
    public Task<ushort[]> ReadInputRegistersAsync(byte slaveId, ushort address, ushort count, CancellationToken cancellationToken = default) =>
        ReadRegistersAsync(RegisterKind.Input, slaveId, address, count, cancellationToken);

    /// <summary>Function 03 or 04: 1 to 125 registers from <paramref name="address"/> on.</summary>
    /// <exception cref="ModbusException">The slave refused, stayed silent or only answered garbage.</exception>
    public Task<ushort[]> ReadRegistersAsync(RegisterKind kind, byte slaveId, ushort address, ushort count, CancellationToken cancellationToken = default) =>
        TransactAsync(ModbusRequest.Read(kind, slaveId, address, count), cancellationToken);

    /// <summary>Function 06.</summary>
    public Task WriteSingleRegisterAsync(byte slaveId, ushort address, ushort value, CancellationToken cancellationToken = default) =>
        TransactAsync(ModbusRequest.WriteSingle(slaveId, address, value), cancellationToken);

    /// <summary>Function 16: 1 to 123 registers from <paramref name="address"/> on, written as one.</summary>
    public Task WriteMultipleRegistersAsync(byte slaveId, ushort address, IReadOnlyList<ushort> values, CancellationToken cancellationToken = default) =>
        TransactAsync(ModbusRequest.WriteMultiple(slaveId, address, values), cancellationToken);

    public void Dispose() => _turn.Dispose();

    private async Task<ushort[]> TransactAsync(ModbusRequest request, CancellationToken cancellationToken)
    {
        var frame = request.Encode();
        var attempts = 1 + _options.Retries;
        // The wait covers the request's own time on the wire, which at 9600 baud is 1.1 ms per byte.
        var answerTimeout = _bus.Timing.TransmitTime(frame.Length) + _options.ResponseTimeout;
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await DiscardLateAnswerAsync(request, cancellationToken).ConfigureAwait(false);
            FrameRejection? lastRejection = null;
            for (var attempt = 1; attempt <= attempts; attempt++)
            {
                var stray = await _bus.SendAsync(frame, cancellationToken).ConfigureAwait(false);
                if (stray > 0)
                    Report(request, FrameRejection.Of(FrameRejectionReason.StrayBytes, $"{stray} byte(s) arrived between frames and were discarded (a late answer or noise)", []));

                var reception = await ReceiveAsync(answerTimeout, cancellationToken).ConfigureAwait(false);
                if (reception.IsEmpty)
                    continue;

                var outcome = ResponseCheck.Check(request, reception);
                if (outcome.Rejection is { } rejection)
                {
                    lastRejection = rejection;
                    Report(request, rejection);
                    continue;
                }
                if (outcome.Exception is { } code)
                    throw new ModbusSlaveException(request.SlaveId, request.Function, code);
                return outcome.Registers;
            }

            if (lastRejection is not null)
                throw new ModbusFrameException(request.SlaveId, request.Function, attempts, lastRejection);
            _lateAnswerDeadline = After(_options.ResponseTimeout);
            throw new ModbusTimeoutException(request.SlaveId, request.Function, attempts, _options.ResponseTimeout);
        }
        catch (BusNotQuietException noisy)
        {
            Report(request, noisy.Rejection);
            throw new ModbusFrameException(request.SlaveId, request.Function, attempts, noisy.Rejection);
        }
        finally
        {
            _turn.Release();
        }
    }

    private async ValueTask<RtuReception> ReceiveAsync(TimeSpan answerTimeout, CancellationToken cancellationToken)
    {
        var deadline = After(answerTimeout);
        try
        {
            return await _bus.ReceiveAsync(FrameLength.OfResponse, answerTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _lateAnswerDeadline = deadline;
            throw;
        }
    }

    private async ValueTask DiscardLateAnswerAsync(ModbusRequest next, CancellationToken cancellationToken)
    {
        var window = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), _lateAnswerDeadline);
        if (window <= TimeSpan.Zero)
            return;
        var late = await _bus.ReceiveAsync(FrameLength.OfResponse, window, cancellationToken).ConfigureAwait(false);
        _lateAnswerDeadline = 0;
        if (!late.IsEmpty)
            Report(next, FrameRejection.Of(FrameRejectionReason.StrayBytes, "a late answer to an abandoned request was discarded", late.Bytes.Span));
    }

    private static long After(TimeSpan time) => Stopwatch.GetTimestamp() + (long)(time.TotalSeconds * Stopwatch.Frequency);

    private void Report(ModbusRequest request, FrameRejection rejection) =>
        FrameRejected?.Invoke(this, new FrameRejectedEventArgs(request.SlaveId, rejection));
}
