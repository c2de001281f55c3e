using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Agent.Schedules;

namespace EdgeSecurity.Agent.Rules;

/// <summary>
/// Which devices are in test mode (their events are marked as tests) or under maintenance (their events are
/// suppressed): from the config, and switched at run time through the control socket by an installer.
/// <c>all</c> stands for every device.
/// </summary>
public sealed class DeviceOverrides(AgentConfig config, LocalClock clock)
{
    public const string AllDevices = "all";

    private readonly Lock _gate = new();
    private readonly HashSet<string> _testDevices = new(config.EventRules.TestDevices, StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _maintenanceUntil = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<MaintenanceWindow> _windows = config.EventRules.Maintenance;

    public bool IsTest(string deviceId)
    {
        lock (_gate)
            return _testDevices.Contains(deviceId) || _testDevices.Contains(AllDevices);
    }

    public void SetTest(string deviceId, bool on)
    {
        lock (_gate)
        {
            if (on)
                _testDevices.Add(deviceId);
            else
                _testDevices.Remove(deviceId);
        }
    }

    public bool InMaintenance(string deviceId, DateTimeOffset at)
    {
        lock (_gate)
        {
            if (Until(deviceId) > at || Until(AllDevices) > at)
                return true;
        }
        return _windows.Any(w => (w.Devices.Count == 0 || w.Devices.Contains(deviceId)) && clock.InAny(w.When, at));
    }

    /// <summary>Starts (or, with a zero duration, ends) a maintenance period of a device or of <c>all</c>.</summary>
    public void SetMaintenance(string deviceId, DateTimeOffset until)
    {
        lock (_gate)
            _maintenanceUntil[deviceId] = until;
    }

    public IReadOnlyList<string> TestDevices()
    {
        lock (_gate)
            return [.. _testDevices.Order(StringComparer.Ordinal)];
    }

    public IReadOnlyList<(string Device, DateTimeOffset Until)> MaintenancePeriods(DateTimeOffset now)
    {
        lock (_gate)
            return [.. _maintenanceUntil.Where(m => m.Value > now).OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => (m.Key, m.Value))];
    }

    private DateTimeOffset Until(string deviceId) => _maintenanceUntil.GetValueOrDefault(deviceId, DateTimeOffset.MinValue);
}
