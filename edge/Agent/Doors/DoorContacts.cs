using EdgeSecurity.Agent.Care;
using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Agent.Modes;
using EdgeSecurity.Agent.Publishing;
using EdgeSecurity.Agent.Schedules;
using EdgeSecurity.Contract;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Agent.Doors;

/// <summary>
/// The doors of this gateway by id, each with its input lines, supervision and care watch. Starting opens the lines
/// (a door whose lines fail is reported and left out; the others run) and publishes every door's state. Stopping
/// releases the lines and disposes the doors, so that no timer outlives the agent.
/// </summary>
public sealed class DoorContacts : IHostedService, IDisposable
{
    private static readonly TimeSpan WireTimeout = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, DoorInput> _inputs;
    private readonly SimulatedDoorWiring _simulated;
    private readonly List<IDisposable> _watches = [];

    public DoorContacts(AgentConfig config, TimeProvider time, IEventPublisher publisher, SimulatedDoorWiring simulated, GpioBackend gpio,
        LocalClock clock, GatewayModeState mode, ILoggerFactory loggers)
    {
        _simulated = simulated;
        var gateway = config.Gateway;
        var inputs = new List<DoorInput>();
        foreach (var door in config.Doors)
        {
            var place = new Place(gateway.Community, door.Place.Grid ?? gateway.Grid, door.Place.Building, door.Place.Unit, door.Place.Floor, door.Place.Room);
            var contact = new DoorContact(door, place, time, publisher, loggers.CreateLogger<DoorContact>(), clock, mode);
            var supervisor = new LineSupervisor(contact, door.Supervision ?? LineSupervision.None, time, loggers.CreateLogger<LineSupervisor>());
            var care = door.Care is { } careConfig ? new NoActivityWatch(contact, careConfig, clock, loggers.CreateLogger<NoActivityWatch>()) : null;
            var lines = door.Lines ?? SimulatedDoorWiring.LinesFor(door.Id, TimeSpan.Zero);
            var input = new DoorInput(contact, lines, door.Source == DoorSource.Gpio ? () => gpio.Lines : () => simulated.Lines,
                supervisor, care, time, loggers.CreateLogger<DoorInput>());
            inputs.Add(input);
            _watches.Add(supervisor);
            if (care is not null)
                _watches.Add(care);
        }
        All = [.. inputs.Select(i => i.Door)];
        _inputs = inputs.ToDictionary(i => i.Door.Id, StringComparer.Ordinal);
    }

    /// <summary>In config order.</summary>
    public IReadOnlyList<DoorContact> All { get; }

    public DoorContact? Find(string id) => _inputs.GetValueOrDefault(id)?.Door;

    /// <summary>Why a door is out of service (its lines failed), or null.</summary>
    public string? FaultOf(DoorContact door) => _inputs[door.Id].Fault;

    /// <summary>
    /// Moves a simulated door's contact wire and waits until the edge has gone through the door's logic, so the
    /// answer can name the event it raised. Null when the door is not simulated or its lines are out of service.
    /// </summary>
    public async Task<ContactChange?> MoveSimulatedAsync(DoorContact door, DoorPosition position)
    {
        var input = SimulatedInput(door);
        if (input is null)
            return null;
        if (door.Position == position)
            return new ContactChange(ContactOutcome.Unchanged);
        var changed = input.NextContactChangeAsync();
        _simulated.SetDoor(door.Id, open: position == DoorPosition.Open);
        return await changed.WaitAsync(WireTimeout).ConfigureAwait(false);
    }

    /// <summary>Pulses a simulated door's release wire, as the access controller does, and waits until the release is taken.</summary>
    public async Task<bool> ReleaseSimulatedAsync(DoorContact door)
    {
        var input = SimulatedInput(door);
        if (input is null)
            return false;
        var released = input.NextReleaseAsync();
        _simulated.SetRelease(door.Id, releasing: true);
        await released.WaitAsync(WireTimeout).ConfigureAwait(false);
        _simulated.SetRelease(door.Id, releasing: false);
        return true;
    }

    /// <summary>Opens (false) or closes a simulated door's tamper loop.</summary>
    public bool SetSimulatedTamperLoop(DoorContact door, bool intact)
    {
        if (SimulatedInput(door) is null)
            return false;
        _simulated.SetTamperLoop(door.Id, intact);
        return true;
    }

    private DoorInput? SimulatedInput(DoorContact door) =>
        _inputs.GetValueOrDefault(door.Id) is { Fault: null } input && door.Config.Source == DoorSource.Simulated ? input : null;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var input in _inputs.Values)
        {
            input.Start();
            input.Door.PublishCurrentState();
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        foreach (var input in _inputs.Values)
            input.Dispose();
        foreach (var watch in _watches)
            watch.Dispose();
        foreach (var door in All)
            door.Dispose();
    }
}
