using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Contract;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Agent.Commissioning;

/// <summary>
/// Walk-test mode: while it runs, every device's events are marked as tests (the hub pages nobody), and each device
/// is ticked off the first time it fires: a door opens or closes, a detector goes into alarm, a camera raises an alert.
/// It ends when every device has fired, when the installer stops it, or at its own expiry, so a CLI that dies never
/// leaves the gateway in test mode. Each firing and the end are saved at once for the commissioning report.
/// </summary>
public sealed class WalkTest : IDisposable
{
    public const string Running = "running";
    public const string Passed = "passed";
    public const string Stopped = "stopped";
    public const string Expired = "expired";

    public static readonly TimeSpan LongestDuration = TimeSpan.FromHours(8);

    private static readonly HashSet<string> FiringStates = new(StringComparer.Ordinal) { "open", "closed", "alarm" };

    private readonly Lock _gate = new();
    private readonly IReadOnlyList<WalkTestDevice> _devices;
    private readonly CommissioningStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<WalkTest> _logger;
    private readonly Dictionary<string, DeviceFiring> _fired = new(StringComparer.Ordinal);
    private WalkTestSummary? _summary;
    private ITimer? _expiry;

    public WalkTest(AgentConfig config, CommissioningStore store, TimeProvider time, ILogger<WalkTest> logger)
    {
        _devices = DevicesOf(config);
        _store = store;
        _time = time;
        _logger = logger;
    }

    public bool IsActive
    {
        get
        {
            lock (_gate)
                return _summary?.Outcome == Running;
        }
    }

    /// <summary>Starts a walk test (a running one starts afresh: an installer whose CLI died simply begins again).</summary>
    public WalkTestState Start(TimeSpan duration)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            _fired.Clear();
            _summary = new WalkTestSummary(now, now + duration, null, Running, _devices.Count, 0);
            _expiry?.Dispose();
            _expiry = _time.CreateTimer(_ => End(Expired), null, duration, Timeout.InfiniteTimeSpan);
            _logger.LogWarning("Walk test started for {Devices} devices until {Until:O}: their events are marked as tests", _devices.Count, _summary.Until);
            Save();
            return StateLocked();
        }
    }

    /// <summary>Ends a running walk test as stopped; the state either way.</summary>
    public WalkTestState Stop()
    {
        End(Stopped);
        return State();
    }

    public WalkTestState State()
    {
        lock (_gate)
            return StateLocked();
    }

    /// <summary>An event a device raised; health events (a camera going offline) are not the device firing.</summary>
    public void ObserveEvent(string deviceId, EventType type, DateTimeOffset at)
    {
        if (type.Family != EventFamily.Health)
            Observe(deviceId, type.Code, at);
    }

    /// <summary>A state a device reported: a door opening or closing, a detector in alarm.</summary>
    public void ObserveState(string deviceId, string state, DateTimeOffset at)
    {
        if (FiringStates.Contains(state))
            Observe(deviceId, state, at);
    }

    public void Dispose()
    {
        lock (_gate)
            _expiry?.Dispose();
    }

    private void Observe(string deviceId, string what, DateTimeOffset at)
    {
        var allFired = false;
        lock (_gate)
        {
            if (_summary?.Outcome != Running || _fired.ContainsKey(deviceId) || !_devices.Any(d => d.Id == deviceId))
                return;
            _fired[deviceId] = new DeviceFiring(at, what);
            _summary = _summary with { Fired = _fired.Count };
            _logger.LogInformation("Walk test: {DeviceId} fired ({What}); {Fired} of {Devices}", deviceId, what, _fired.Count, _devices.Count);
            allFired = _fired.Count == _devices.Count;
            Save();
        }
        if (allFired)
            End(Passed);
    }

    private void End(string outcome)
    {
        lock (_gate)
        {
            if (_summary?.Outcome != Running)
                return;
            _expiry?.Dispose();
            _expiry = null;
            _summary = _summary with { EndedAt = _time.GetUtcNow(), Outcome = outcome };
            var missing = _devices.Where(d => !_fired.ContainsKey(d.Id)).Select(d => d.Id).ToList();
            _logger.LogWarning("Walk test {Outcome}: {Fired} of {Devices} devices fired{Missing}; events are no longer marked as tests",
                outcome, _fired.Count, _devices.Count, missing.Count == 0 ? "" : $"; not fired: {string.Join(", ", missing)}");
            Save();
        }
    }

    private WalkTestState StateLocked() => new(
        _summary?.Outcome == Running,
        _summary,
        [.. _devices.Select(d => _fired.TryGetValue(d.Id, out var firing) ? d with { FiredAt = firing.FiredAt, What = firing.What } : d)]);

    /// <summary>This walk's firings join those of earlier walks: a device that passed before stays passed.</summary>
    private void Save()
    {
        var summary = _summary;
        var fired = _fired.ToDictionary();
        _store.Update(record =>
        {
            var devices = new Dictionary<string, DeviceFiring>(record.Devices, StringComparer.Ordinal);
            foreach (var (id, firing) in fired)
                devices[id] = firing;
            return record with { Devices = devices, WalkTest = summary };
        });
    }

    /// <summary>Every device an installer can trigger; an RS-485 bus is wiring, not a device, so it is not on the list.</summary>
    public static IReadOnlyList<WalkTestDevice> DevicesOf(AgentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return
        [
            .. config.Doors.Select(d => new WalkTestDevice(d.Id, "door", d.Name, null, null)),
            .. config.SmokeDetectors.Select(d => new WalkTestDevice(d.Id, "smoke", d.Name, null, null)),
            .. config.Rs485Buses.SelectMany(b => b.Devices).Select(d => new WalkTestDevice(d.Id, "sensor", d.Name, null, null)),
            .. config.Cameras.Select(c => new WalkTestDevice(c.Id, "camera", c.Name, null, null)),
        ];
    }
}
