using System.Diagnostics;
using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Agent.Publishing;
using EdgeSecurity.Agent.SmokeDetectors;
using EdgeSecurity.Bindings.Serial;
using EdgeSecurity.Contract;
using EdgeSecurity.Modbus;
using EdgeSecurity.Modbus.Profiles;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Agent.Rs485;

/// <summary>
/// Polls every device of one RS-485 bus, one after another, every poll interval: a bus carries one conversation at a
/// time, so one poller per bus is the natural unit. Bad frames, exception answers and timeouts are counted and never
/// stop it. When the serial port goes away (adapter unplugged, EIO) or cannot be opened, the bus is reported offline
/// once (a health.sensor_offline event for the bus id, and every device's state offline) and the port is opened again
/// after 1, 2, 4 … up to 30 s; the devices come back online with their first good answer, and a condition that changed
/// meanwhile is reported then, so nothing is lost.
/// </summary>
public sealed class Rs485BusPoller
{
    private static readonly TimeSpan FirstReopen = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestReopen = TimeSpan.FromSeconds(30);

    private readonly TimeProvider _time;
    private readonly IEventPublisher _publisher;
    private readonly ILogger _logger;
    private volatile bool _open;

    public Rs485BusPoller(Rs485BusConfig config, GatewayConfig gateway, IEventPublisher publisher, TimeProvider time, ILoggerFactory loggers)
    {
        Config = config;
        _time = time;
        _publisher = publisher;
        _logger = loggers.CreateLogger<Rs485BusPoller>();
        var statusLogger = loggers.CreateLogger<DetectorStatus>();
        BusStatus = new DetectorStatus(config.Id, new Place(gateway.Community, gateway.Grid), name: null, publisher, statusLogger);
        Devices = [.. config.Devices.Select(device => new PolledDevice(
            device,
            config,
            new DetectorStatus(device.Id, new Place(gateway.Community, gateway.Grid, device.Place.Building, device.Place.Unit, device.Place.Floor, device.Place.Room),
                device.Name, publisher, statusLogger),
            publisher))];
    }

    public Rs485BusConfig Config { get; }

    public BusCounters Counters { get; } = new();

    /// <summary>The bus itself as a device: "normal" while its port is open, "offline" while it is gone.</summary>
    public DetectorStatus BusStatus { get; }

    public IReadOnlyList<PolledDevice> Devices { get; }

    public bool IsOpen => _open;

    public async Task RunAsync(CancellationToken stopping)
    {
        var reopenDelay = FirstReopen;
        var everOpened = false;
        while (!stopping.IsCancellationRequested)
        {
            SerialLine line;
            try
            {
                line = SerialLine.Open(Config.Port, Config.Serial);
            }
            catch (SerialLineException e)
            {
                Gone(e.Message, reopenDelay);
                if (!await PauseAsync(reopenDelay, stopping).ConfigureAwait(false))
                    return;
                reopenDelay = TimeSpan.FromTicks(Math.Min(reopenDelay.Ticks * 2, LongestReopen.Ticks));
                continue;
            }

            using (line)
            {
                if (everOpened)
                    Counters.Reopened();
                everOpened = true;
                reopenDelay = FirstReopen;
                _open = true;
                BusStatus.Observe(new DetectorSignals(false, null, null), _time.GetUtcNow());
                _logger.LogInformation("RS-485 bus {BusId} open on {Line}: polling {Count} device(s) every {Interval} ms", Config.Id, line, Devices.Count, Config.PollInterval.TotalMilliseconds);
                try
                {
                    await PollWhileOpenAsync(line, stopping).ConfigureAwait(false);
                    return;
                }
                catch (Exception e) when (e is SerialLineException or TimeoutException)
                {
                    _open = false;
                    Gone(e.Message, reopenDelay);
                }
            }
            if (!await PauseAsync(reopenDelay, stopping).ConfigureAwait(false))
                return;
        }
    }

    /// <summary>One pass over every device of the bus, in config order.</summary>
    /// <exception cref="SerialLineException">The port went away; the caller opens it again.</exception>
    public async Task PollCycleAsync(ModbusRtuMaster master, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        foreach (var device in Devices)
        {
            Counters.Polled();
            DeviceReading reading;
            try
            {
                reading = await new ModbusDevice(master, device.Config.SlaveId, device.Config.Profile).PollAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ModbusTimeoutException)
            {
                Counters.TimedOut();
                device.NotAnswered(_time.GetUtcNow(), "no_answer");
                continue;
            }
            catch (ModbusFrameException e)
            {
                Counters.Invalid();
                _logger.LogDebug("Device {DeviceId} (slave {Slave}) answered only invalid frames: {Rejection}", device.Config.Id, device.Config.SlaveId, e.LastRejection);
                device.NotAnswered(_time.GetUtcNow(), "invalid_answers");
                continue;
            }
            catch (ModbusSlaveException e)
            {
                // The device is there but refuses what its profile asks: a wrong profile or slave id, not an outage of the device.
                Counters.Refused();
                _logger.LogWarning("Device {DeviceId} (slave {Slave}) refused the poll: {Error}", device.Config.Id, device.Config.SlaveId, e.Message);
                device.NotAnswered(_time.GetUtcNow(), "exception_answer");
                continue;
            }
            Counters.Answered();
            device.Answered(reading, _time.GetUtcNow());
        }
        Counters.CycleTook(_time.GetElapsedTime(started));
    }

    private async Task PollWhileOpenAsync(SerialLine line, CancellationToken stopping)
    {
        using var master = new ModbusRtuMaster(line, new ModbusMasterOptions { ResponseTimeout = Config.ResponseTimeout, Retries = Config.Retries });
        master.FrameRejected += OnFrameRejected;
        using var timer = new PeriodicTimer(Config.PollInterval, _time);
        var lastBusTelemetry = _time.GetTimestamp();
        try
        {
            do
            {
                await PollCycleAsync(master, stopping).ConfigureAwait(false);
                if (_time.GetElapsedTime(lastBusTelemetry) >= Config.TelemetryInterval)
                {
                    lastBusTelemetry = _time.GetTimestamp();
                    _publisher.PublishTelemetry(Config.Id, Counters.ToTelemetry(), _time.GetUtcNow());
                }
            }
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        finally
        {
            master.FrameRejected -= OnFrameRejected;
        }
    }

    private void OnFrameRejected(object? sender, FrameRejectedEventArgs e)
    {
        Counters.Rejected(e.Rejection.Reason);
        _logger.LogDebug("RS-485 bus {BusId}: rejected a frame from slave {Slave}: {Rejection}", Config.Id, e.SlaveId, e.Rejection);
    }

    private void Gone(string error, TimeSpan retryIn)
    {
        var at = _time.GetUtcNow();
        var wasReported = BusStatus.State == DetectorStatus.Offline;
        if (wasReported)
            _logger.LogDebug("RS-485 bus {BusId} still unavailable: {Error}", Config.Id, error);
        else
            _logger.LogError("RS-485 bus {BusId} unavailable: {Error} Opening it again in {Seconds} s, then less and less often", Config.Id, error, retryIn.TotalSeconds);
        BusStatus.Lost(at, "serial_port_unavailable");
        foreach (var device in Devices)
            device.Status.Unreachable(at);
    }

    private async Task<bool> PauseAsync(TimeSpan delay, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(delay, _time, stopping).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
