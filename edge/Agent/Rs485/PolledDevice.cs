using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Agent.Publishing;
using EdgeSecurity.Agent.SmokeDetectors;
using EdgeSecurity.Modbus.Profiles;

namespace EdgeSecurity.Agent.Rs485;

/// <summary>
/// One Modbus device as the poller sees it: its status (conditions → events and state), its missed polls, and when its
/// measurements were last sent. Status words are not telemetry: they become events and state.
/// </summary>
public sealed class PolledDevice(ModbusDeviceConfig config, Rs485BusConfig bus, DetectorStatus status, IEventPublisher publisher)
{
    /// <summary>A profile resource of this name is taken as the battery voltage reported in the device's health.</summary>
    public const string BatteryVoltageResource = "batteryVoltage";

    private readonly bool _hasFault = config.Profile.Conditions.Contains(StatusConditions.Fault);
    private readonly bool _hasLowBattery = config.Profile.Conditions.Contains(StatusConditions.LowBattery);
    private readonly HashSet<string> _statusResources = [.. config.Profile.Resources.Where(r => r.StatusBits.Count > 0).Select(r => r.Name)];
    private int _missed;
    private DateTimeOffset? _lastTelemetryAt;

    public ModbusDeviceConfig Config => config;

    public DetectorStatus Status => status;

    /// <summary>Polls missed in a row.</summary>
    public int Missed => Volatile.Read(ref _missed);

    public void Answered(DeviceReading reading, DateTimeOffset at)
    {
        Volatile.Write(ref _missed, 0);
        double? battery = reading.Values.TryGetValue(BatteryVoltageResource, out var volts) ? volts : null;
        status.Observe(new DetectorSignals(
            reading.IsActive(StatusConditions.Alarm),
            _hasFault ? reading.IsActive(StatusConditions.Fault) : null,
            _hasLowBattery ? reading.IsActive(StatusConditions.LowBattery) : null,
            battery), at);

        if (_lastTelemetryAt is { } last && at - last < bus.TelemetryInterval)
            return;
        var measurements = reading.Values.Where(v => !_statusResources.Contains(v.Key)).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        if (measurements.Count == 0)
            return;
        _lastTelemetryAt = at;
        publisher.PublishTelemetry(config.Id, measurements, at);
    }

    /// <summary>No valid answer to this poll; after enough in a row the device is offline.</summary>
    public void NotAnswered(DateTimeOffset at, string reason)
    {
        if (Interlocked.Increment(ref _missed) >= bus.OfflineAfterMissedPolls)
            status.Lost(at, reason);
    }
}
