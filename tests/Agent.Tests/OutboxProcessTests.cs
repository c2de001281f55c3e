using EdgeSecurity.Agent.Tests.Support;
using EdgeSecurity.Contract;
using EdgeSecurity.Testing;
using static EdgeSecurity.Agent.Tests.Support.TestAgentConfig;

namespace EdgeSecurity.Agent.Tests;

/// <summary>The outbox across the agent process's life: SIGKILLed with a backlog, started on a damaged file.</summary>
public sealed class OutboxProcessTests
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(30);
    private static readonly string EventTopic = Topics.Events(Community, GatewayId, Door);

    [Fact]
    public async Task An_agent_killed_with_a_backlog_while_the_broker_is_down_delivers_it_after_a_restart()
    {
        const int openings = 20;
        await using var broker = await MosquittoBroker.StartAsync();
        using var directory = new TempDirectory();
        var config = Write(broker, directory);
        await using var hub = await MqttProbe.SubscribeAsync(broker, AllTopics, persistentSession: true);
        await broker.StopAsync();

        var sent = new List<Guid>();
        await using (var crashing = ServiceProcess.StartDotnet(RepositoryLayout.AgentDll, ["--config", config], directory.Path))
        {
            await crashing.WaitForOutputAsync("Control socket listening", ProcessTimeout);
            await using var control = await ControlClient.ConnectAsync(directory.Combine("agent.sock"));
            for (var i = 0; i < openings; i++)
            {
                sent.Add(OutboxAnswers.EventIdIn(await control.AskAsync("open door-1")));
                await control.AskAsync("close door-1");
            }
            Assert.Contains($"outbox: {openings} events, {2 * openings + 1} states", await control.AskAsync("status"), StringComparison.Ordinal);
            await crashing.KillAsync();
        }
        await broker.RestartAsync();

        await using var restarted = ServiceProcess.StartDotnet(RepositoryLayout.AgentDll, ["--config", config], directory.Path);
        await restarted.WaitForOutputAsync($"The outbox holds {openings} events, {2 * openings + 1} states and 0 telemetry points from an earlier run", ProcessTimeout);
        await using var restartedControl = await ControlClient.ConnectAsync(directory.Combine("agent.sock"));
        await OutboxAnswers.WaitUntilEmptyAsync(restartedControl);
        Assert.Equal(sent, hub.Received.Where(m => m.Topic == EventTopic).Select(m => ContractReader.EventIdOf(m.Payload)!.Value).Distinct());
    }

    [Fact]
    public async Task An_unreadable_outbox_is_moved_aside_and_the_agent_starts_with_an_empty_one()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var directory = new TempDirectory();
        var config = Write(broker, directory);
        var garbage = new byte[8192];
        new Random(5).NextBytes(garbage);
        await File.WriteAllBytesAsync(directory.Combine("outbox.db"), garbage);
        await using var hub = await MqttProbe.SubscribeAsync(broker, AllTopics);

        await using var agent = ServiceProcess.StartDotnet(RepositoryLayout.AgentDll, ["--config", config], directory.Path);

        await agent.WaitForOutputAsync($"The outbox {directory.Combine("outbox.db")} was unreadable (SQLite Error 26: 'file is not a database'", ProcessTimeout);
        var movedAside = Assert.Single(Directory.GetFiles(directory.Path, "outbox.db.unreadable-*"));
        Assert.Equal(garbage, await File.ReadAllBytesAsync(movedAside));
        await agent.WaitForOutputAsync("Control socket listening", ProcessTimeout);
        await using var control = await ControlClient.ConnectAsync(directory.Combine("agent.sock"));
        var eventId = OutboxAnswers.EventIdIn(await control.AskAsync("open door-1"));
        await hub.WaitForAsync(m => m.Topic == EventTopic && ContractReader.EventIdOf(m.Payload) == eventId, "the alarm raised after the fresh start");
        Assert.False(agent.HasExited);
    }
}
