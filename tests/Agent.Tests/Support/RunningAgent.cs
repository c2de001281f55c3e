using EdgeSecurity.Agent.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace EdgeSecurity.Agent.Tests.Support;

/// <summary>The agent's real host, run in the test process with its log in the test output.</summary>
public sealed class RunningAgent : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private RunningAgent(IHost host, AgentConfig config)
    {
        _host = host;
        Config = config;
    }

    public AgentConfig Config { get; }

    public static async Task<RunningAgent> StartAsync(AgentConfig config, ITestOutputHelper output)
    {
        var host = AgentHost.Build(config, logging => logging
            .ClearProviders()
            .SetMinimumLevel(LogLevel.Debug)
            .AddProvider(new TestOutputLoggerProvider(output)));
        var agent = new RunningAgent(host, config);
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
