using System.Globalization;
using EdgeSecurity.Agent.Care;
using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Bindings.Gpiod;
using EdgeSecurity.Contract;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Agent.Doors;

/// <summary>
/// Reads one door's lines (contact, release, tamper) and turns their debounced edges into the door's state machine,
/// its supervision and its care watch. Edge times are the kernel's (or the simulation's) timestamps. A line that
/// cannot be opened or stops delivering is reported as <c>health.sensor_offline</c> and the door stays out of
/// service; the agent and its other doors run on.
/// </summary>
public sealed class DoorInput : IDisposable
{
    public const string LineUnavailable = "line_unavailable";
    public const string LineFailed = "line_failed";

    private readonly Lock _gate = new();
    private readonly DoorContact _door;
    private readonly DoorLines _config;
    private readonly Func<IGpioLines> _lines;
    private readonly LineSupervisor _supervisor;
    private readonly NoActivityWatch? _care;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<IGpioInputLine> _opened = [];
    private readonly List<TaskCompletionSource<ContactChange>> _contactWaiters = [];
    private readonly List<TaskCompletionSource> _releaseWaiters = [];
    private Task _reading = Task.CompletedTask;

    public DoorInput(DoorContact door, DoorLines config, Func<IGpioLines> lines, LineSupervisor supervisor, NoActivityWatch? care, TimeProvider time, ILogger logger)
    {
        _door = door;
        _config = config;
        _lines = lines;
        _supervisor = supervisor;
        _care = care;
        _time = time;
        _logger = logger;
    }

    public DoorContact Door => _door;

    /// <summary>Why the door's lines are not read, or null while they are.</summary>
    public string? Fault { get; private set; }

    public void Start()
    {
        IGpioInputLine contact;
        IGpioInputLine? release;
        IGpioInputLine? tamper;
        bool contactClosed;
        bool? tamperIntact;
        try
        {
            var lines = _lines();
            contact = Open(lines, _config.Line, _door.Id);
            release = _config.ReleaseLine is { } r ? Open(lines, r, _door.Id + "-release") : null;
            tamper = _config.TamperLine is { } t ? Open(lines, t, _door.Id + "-tamper") : null;
            contactClosed = contact.ReadValue();
            tamperIntact = tamper?.ReadValue();
        }
        catch (Exception e) when (e is GpioException or DllNotFoundException)
        {
            ReleaseLines();
            ReportFault(LineUnavailable, e.Message);
            return;
        }

        _door.Found(PositionOf(contactClosed));
        if (tamperIntact is { } intact)
            _supervisor.TamperLoop(intact, _time.GetUtcNow());
        _supervisor.Start();
        _care?.Start();
        _reading = Task.WhenAll(
            ReadAsync(contact, OnContactEdge),
            release is null ? Task.CompletedTask : ReadAsync(release, OnReleaseEdge),
            tamper is null ? Task.CompletedTask : ReadAsync(tamper, edge => _supervisor.TamperLoop(edge.Value, WallClock(edge))));
        _logger.LogInformation("Door {DoorId} reads {Chip}:{Line}{Release}{Tamper} (debounce {Debounce} ms)", _door.Id, _config.Chip, _config.Line,
            release is null ? "" : $", release line {_config.ReleaseLine}", tamper is null ? "" : $", tamper line {_config.TamperLine}", _config.Debounce.TotalMilliseconds);
    }

    /// <summary>Completes when the next contact edge has gone through the door's logic; register before moving the wire.</summary>
    public Task<ContactChange> NextContactChangeAsync()
    {
        var waiter = new TaskCompletionSource<ContactChange>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
            _contactWaiters.Add(waiter);
        return waiter.Task;
    }

    /// <summary>Completes when the next release signal has been taken; register before moving the wire.</summary>
    public Task NextReleaseAsync()
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
            _releaseWaiters.Add(waiter);
        return waiter.Task;
    }

    private IGpioInputLine Open(IGpioLines lines, string line, string consumer)
    {
        var address = int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            ? GpioLineAddress.OnChip(_config.Chip, offset)
            : GpioLineAddress.OnChip(_config.Chip, line);
        var input = lines.OpenInput(address, new GpioInputOptions
        {
            ActiveLow = _config.ActiveLow,
            Bias = _config.Bias,
            Debounce = _config.Debounce,
            Consumer = consumer,
        });
        _opened.Add(input);
        return input;
    }

    private DoorPosition PositionOf(bool contactClosed) =>
        contactClosed == (_config.Contact == ContactType.NormallyClosed) ? DoorPosition.Closed : DoorPosition.Open;

    private DateTimeOffset WallClock(GpioEdge edge) => GpioClock.ToWallClock(edge.Timestamp, _time);

    private void OnContactEdge(GpioEdge edge)
    {
        var at = WallClock(edge);
        var position = PositionOf(edge.Value);
        ContactChange change;
        if (_supervisor.ContactChanged(at))
        {
            _door.Found(position);
            change = new ContactChange(ContactOutcome.Unchanged);
        }
        else
        {
            change = _door.ContactChanged(position, at);
            _care?.Activity(at);
        }
        Complete(_contactWaiters, waiter => waiter.TrySetResult(change));
    }

    private void OnReleaseEdge(GpioEdge edge)
    {
        if (!edge.Value)
            return;
        _door.Released(WallClock(edge));
        Complete(_releaseWaiters, waiter => waiter.TrySetResult());
    }

    private void Complete<T>(List<T> waiters, Action<T> complete)
    {
        List<T> due;
        lock (_gate)
        {
            due = [.. waiters];
            waiters.Clear();
        }
        due.ForEach(complete);
    }

    private async Task ReadAsync(IGpioInputLine line, Action<GpioEdge> onEdge)
    {
        try
        {
            await foreach (var edge in line.ReadEdgesAsync(_stopping.Token).ConfigureAwait(false))
            {
                onEdge(edge);
                _supervisor.DroppedEdges(line.DroppedEdges, _time.GetUtcNow());
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (GpioException e)
        {
            ReportFault(LineFailed, $"{line.Address}: {e.Message}");
        }
    }

    private void ReportFault(string reason, string error)
    {
        Fault = error;
        var eventId = _door.Report(EventTypes.SensorOffline, _time.GetUtcNow(), new Dictionary<string, string>
        {
            ["reason"] = reason,
            ["error"] = error,
            ["detailZh"] = "门磁线路不可用，该门已停止监测；其他门照常工作",
        });
        _logger.LogError("Door {DoorId} is out of service: {Error} (event {EventId}); the other doors run on", _door.Id, error, eventId);
    }

    private void ReleaseLines()
    {
        foreach (var line in _opened)
            line.Dispose();
        _opened.Clear();
    }

    public void Dispose()
    {
        if (_stopping.IsCancellationRequested)
            return;
        _stopping.Cancel();
        ReleaseLines();
        _reading.Wait(TimeSpan.FromSeconds(1));
    }
}
