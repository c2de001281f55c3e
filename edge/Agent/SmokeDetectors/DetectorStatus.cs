using EdgeSecurity.Agent.Publishing;
using EdgeSecurity.Contract;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Agent.SmokeDetectors;

/// <summary>
/// The reported state of one detector or sensor, whatever its wiring (relays on GPIO, Modbus status bits). A condition
/// turning on raises its event (alarm → fire.smoke_alarm, fault → fire.detector_fault, low battery →
/// fire.low_battery), once per occurrence; a condition clearing raises nothing but changes the retained device state,
/// which the hub shows as restored. A device that stops answering raises health.sensor_offline once per outage and
/// comes back online by itself at its next good reading; a condition that changed while it was away is reported then.
/// The state starts as "all clear", so a detector already in alarm when the agent starts is reported at once.
/// </summary>
public sealed class DetectorStatus
{
    public const string Normal = "normal";
    public const string Alarm = "alarm";
    public const string Fault = "fault";
    public const string LowBattery = "low_battery";
    public const string Offline = "offline";

    private readonly Lock _gate = new();
    private readonly Place _place;
    private readonly IReadOnlyDictionary<string, string>? _attributes;
    private readonly IEventPublisher _publisher;
    private readonly ILogger _logger;
    private DetectorSignals _signals = new(false, null, null);
    private bool _online = true;
    private bool _lossReported;
    private bool _published;
    private DateTimeOffset? _lastSeenAt;

    public DetectorStatus(string deviceId, Place place, string? name, IEventPublisher publisher, ILogger logger)
    {
        DeviceId = deviceId;
        _place = place;
        _attributes = name is null ? null : new Dictionary<string, string> { ["deviceName"] = name };
        _publisher = publisher;
        _logger = logger;
    }

    public string DeviceId { get; }

    /// <summary>The state as published: offline, alarm, fault, low_battery or normal, the most urgent first.</summary>
    public string State
    {
        get
        {
            lock (_gate)
                return StateOf(_signals, _online);
        }
    }

    public DeviceHealth Health
    {
        get
        {
            lock (_gate)
                return HealthNow();
        }
    }

    /// <summary>A valid reading: raises an event for each condition that turned on, and publishes the state if it changed.</summary>
    /// <returns>The ids of the events raised, for an operator driving a simulated device.</returns>
    public IReadOnlyList<Guid> Observe(DetectorSignals signals, DateTimeOffset at)
    {
        lock (_gate)
        {
            var before = _signals;
            var wasOnline = _online;
            _signals = signals;
            _online = true;
            _lossReported = false;
            _lastSeenAt = at;
            var raised = new List<Guid>();
            if (signals.Alarm && !before.Alarm)
                raised.Add(Raise(EventTypes.SmokeAlarm, at, null));
            if (signals.Fault == true && before.Fault != true)
                raised.Add(Raise(EventTypes.DetectorFault, at, null));
            if (signals.LowBattery == true && before.LowBattery != true)
                raised.Add(Raise(EventTypes.LowBattery, at, BatteryAttributes(signals)));
            if (!wasOnline)
                _logger.LogInformation("Device {DeviceId} answers again", DeviceId);
            PublishIfChanged(before, wasOnline, at);
            return raised;
        }
    }

    /// <summary>
    /// The device did not answer enough polls in a row: offline, with one event per outage, also when it was already
    /// offline because its bus was gone and it stays silent now that the bus is back.
    /// </summary>
    public void Lost(DateTimeOffset at, string reason)
    {
        lock (_gate)
        {
            if (_lossReported)
                return;
            _lossReported = true;
            var wasOnline = _online;
            _online = false;
            var attributes = new Dictionary<string, string>(_attributes ?? new Dictionary<string, string>()) { ["reason"] = reason };
            var eventId = _publisher.PublishEvent(new Detection(DeviceId, _place, EventTypes.SensorOffline, at, attributes));
            _logger.LogWarning("Device {DeviceId} is offline ({Reason}): event {EventId}", DeviceId, reason, eventId);
            if (wasOnline)
                Publish(at);
        }
    }

    /// <summary>
    /// The device cannot be reached because its bus is gone (adapter unplugged): offline without an event of its own,
    /// since the bus reports the outage once for all its devices.
    /// </summary>
    public void Unreachable(DateTimeOffset at)
    {
        lock (_gate)
        {
            if (!_online)
                return;
            _online = false;
            Publish(at);
        }
    }

    private void PublishIfChanged(DetectorSignals before, bool wasOnline, DateTimeOffset at)
    {
        // Last-seen alone changes every poll; republishing the retained state for it would flood the outbox.
        var now = _signals;
        var changed = !_published || wasOnline != _online || before.Alarm != now.Alarm || before.Fault != now.Fault || before.LowBattery != now.LowBattery;
        if (changed)
            Publish(at);
    }

    private void Publish(DateTimeOffset at)
    {
        _published = true;
        _publisher.PublishState(DeviceId, StateOf(_signals, _online), at, HealthNow());
    }

    private DeviceHealth HealthNow() => new(_online, _lastSeenAt, _signals.Fault, _signals.LowBattery, _signals.BatteryVolts);

    private Guid Raise(EventType type, DateTimeOffset at, Dictionary<string, string>? extra)
    {
        IReadOnlyDictionary<string, string>? attributes = extra is null
            ? _attributes
            : new Dictionary<string, string>((_attributes ?? new Dictionary<string, string>()).Concat(extra));
        var eventId = _publisher.PublishEvent(new Detection(DeviceId, _place, type, at, attributes));
        _logger.LogWarning("Device {DeviceId}: {Type} at {At:O}: event {EventId}", DeviceId, type.Code, at, eventId);
        return eventId;
    }

    private static Dictionary<string, string>? BatteryAttributes(DetectorSignals signals) =>
        signals.BatteryVolts is { } volts ? new() { ["batteryVolts"] = volts.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) } : null;

    private static string StateOf(DetectorSignals signals, bool online) =>
        !online ? Offline
        : signals.Alarm ? Alarm
        : signals.Fault == true ? Fault
        : signals.LowBattery == true ? LowBattery
        : Normal;
}
