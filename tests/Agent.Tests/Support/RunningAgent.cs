using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Agent.Doors;
using EdgeSecurity.Agent.Outbox;
using EdgeSecurity.Agent.Publishing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace EdgeSecurity.Agent.Tests.Support;

/// <summary>The agent's real host, run in the test process with its log in the test output.</summary>
public sealed class RunningAgent : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private RunningAgent(IHost host, AgentConfig config, LogRecorder log)
    {
        _host = host;
        Config = config;
        Log = log;
    }

    public AgentConfig Config { get; }

    /// <summary>Everything the agent logged, for assertions on what an operator would read.</summary>
    public LogRecorder Log { get; } = new();

    /// <summary>The seam devices use, to feed the agent what no simulated device produces (telemetry, other devices).</summary>
    public IEventPublisher Publisher => _host.Services.GetRequiredService<IEventPublisher>();

    public DurableOutbox Outbox => _host.Services.GetRequiredService<DurableOutbox>();

    /// <summary>The wires of the simulated doors, to bounce or glitch them as a real contact would.</summary>
    public SimulatedDoorWiring Wiring => _host.Services.GetRequiredService<SimulatedDoorWiring>();

    /// <param name="configureServices">Replaces agent services, e.g. the clock with a <see cref="Testing.ManualTimeProvider"/>.</param>
    public static async Task<RunningAgent> StartAsync(AgentConfig config, ITestOutputHelper output, Action<IServiceCollection>? configureServices = null)
    {
        var log = new LogRecorder();
        var host = AgentHost.Build(config, logging => logging
            .ClearProviders()
            .SetMinimumLevel(LogLevel.Debug)
            .AddProvider(new TestOutputLoggerProvider(output))
            .AddProvider(log), configureServices);
        var agent = new RunningAgent(host, config, log);
        await agent._host.StartAsync();
        return agent;
    }

    public async Task StopAsync()
    {
        _stopped = true;
        await _host.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
            await StopAsync();
        await ((IAsyncDisposable)_host).DisposeAsync();
    }
}
