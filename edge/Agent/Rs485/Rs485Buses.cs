using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Agent.Publishing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Agent.Rs485;

/// <summary>The RS-485 buses of this gateway, one poller each, all running side by side.</summary>
public sealed class Rs485Buses(AgentConfig config, IEventPublisher publisher, TimeProvider time, ILoggerFactory loggers) : BackgroundService
{
    /// <summary>In config order.</summary>
    public IReadOnlyList<Rs485BusPoller> All { get; } = [.. config.Rs485Buses.Select(bus => new Rs485BusPoller(bus, config.Gateway, publisher, time, loggers))];

    public PolledDevice? FindDevice(string id) => All.SelectMany(bus => bus.Devices).FirstOrDefault(device => device.Config.Id == id);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(All.Select(bus => Task.Run(() => bus.RunAsync(stoppingToken), stoppingToken)));
}
