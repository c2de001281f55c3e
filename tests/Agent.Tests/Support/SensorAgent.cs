using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Bindings.Mosquitto;
using EdgeSecurity.Contract;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace EdgeSecurity.Agent.Tests.Support;

/// <summary>
/// An in-process agent on a manual clock with the given doors and rules, a real broker, and a probe that plays the hub:
/// tests move the simulated wires and the clock, and read what reached the broker.
/// </summary>
public sealed class SensorAgent : IAsyncDisposable
{
    /// <summary>Monday 23 November 2026, 10:00 in Shanghai.</summary>
    public static readonly DateTimeOffset MondayMorning = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _directory;

    private SensorAgent(MosquittoBroker broker, TempDirectory directory, MqttProbe hub, RunningAgent agent, ControlClient control, ManualTimeProvider time)
    {
        Broker = broker;
        _directory = directory;
        Hub = hub;
        Agent = agent;
        Control = control;
        Time = time;
    }

    public MosquittoBroker Broker { get; }

    public MqttProbe Hub { get; }

    public RunningAgent Agent { get; }

    public ControlClient Control { get; }

    public ManualTimeProvider Time { get; }

    /// <param name="doors">The YAML list items of <c>doors:</c>, indented by two spaces.</param>
    /// <param name="rules">More top-level keys (fusion, modes, ...).</param>
    /// <param name="time">The agent's clock; by default a manual one starting at <paramref name="start"/> or <see cref="MondayMorning"/>.</param>
    public static async Task<SensorAgent> StartAsync(ITestOutputHelper output, string doors, string rules = "", DateTimeOffset? start = null,
        Action<IServiceCollection>? configureServices = null, ManualTimeProvider? time = null)
    {
        var broker = await MosquittoBroker.StartAsync();
        var directory = new TempDirectory();
        var yaml = string.Join('\n',
            "gateway:", $"  id: {TestAgentConfig.GatewayId}", $"  community: {TestAgentConfig.Community}", "  grid: grid-7",
            "broker:", $"  host: {broker.Host}", $"  port: {broker.Port}",
            "heartbeatSeconds: 3600",
            $"dataDirectory: {directory.Path}",
            "doors:", doors, rules);
        var path = directory.Combine("agent.yaml");
        await File.WriteAllTextAsync(path, yaml);
        var load = ConfigLoader.Load(path);
        Assert.True(load.Succeeded, string.Join('\n', load.Errors));

        time ??= new ManualTimeProvider(start ?? MondayMorning);
        var hub = await MqttProbe.SubscribeAsync(broker, TestAgentConfig.AllTopics);
        var agent = await RunningAgent.StartAsync(load.Config!, output, services =>
        {
            services.AddSingleton<TimeProvider>(time);
            configureServices?.Invoke(services);
        });
        var control = await ControlClient.ConnectAsync(agent.Config.ControlSocketPath);
        await hub.StatusAsync(GatewayState.Online);
        return new SensorAgent(broker, directory, hub, agent, control, time);
    }

    public Task<string> AskAsync(string line) => Control.AskAsync(line);

    /// <summary>The first event of this type (and matching <paramref name="also"/>) that reached the broker.</summary>
    public async Task<EdgeEvent> EventAsync(EventType type, Func<EdgeEvent, bool>? also = null) =>
        ReadEvent(await Hub.WaitForAsync(m => ReadEvent(m) is { } e && e.Type == type && (also?.Invoke(e) ?? true), $"a {type.Code} event"))!;

    /// <summary>Every event that reached the broker so far, first deliveries only.</summary>
    public IReadOnlyList<EdgeEvent> Events => [.. Hub.Received.Select(ReadEvent).OfType<EdgeEvent>().DistinctBy(e => e.EventId)];

    public static EdgeEvent? ReadEvent(MqttMessage message) =>
        MqttProbe.ContractTopicOf(message) is { Kind: TopicKind.Events } topic ? ContractReader.ReadEvent(topic, message.Payload).Value : null;

    public async ValueTask DisposeAsync()
    {
        await Control.DisposeAsync();
        await Agent.DisposeAsync();
        await Hub.DisposeAsync();
        await Broker.DisposeAsync();
        _directory.Dispose();
    }
}
