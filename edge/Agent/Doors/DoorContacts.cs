using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Agent.Publishing;
using EdgeSecurity.Contract;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Agent.Doors;

/// <summary>The doors of this gateway by id. Stopping disposes them so that no held-open timer outlives the agent.</summary>
public sealed class DoorContacts : IHostedService, IDisposable
{
    private readonly Dictionary<string, DoorContact> _byId;

    public DoorContacts(AgentConfig config, TimeProvider time, IEventPublisher publisher, ILoggerFactory loggers)
    {
        var gateway = config.Gateway;
        All = [.. config.Doors.Select(door => new DoorContact(
            door,
            new Place(gateway.Community, gateway.Grid, door.Place.Building, door.Place.Unit, door.Place.Floor, door.Place.Room),
            time,
            publisher,
            loggers.CreateLogger<DoorContact>()))];
        _byId = All.ToDictionary(door => door.Id, StringComparer.Ordinal);
    }

    /// <summary>In config order.</summary>
    public IReadOnlyList<DoorContact> All { get; }

    public DoorContact? Find(string id) => _byId.GetValueOrDefault(id);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var door in All)
            door.PublishCurrentState();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        foreach (var door in All)
            door.Dispose();
    }
}
