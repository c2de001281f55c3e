using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Agent.Health;
using EdgeSecurity.Agent.Outbox;
using EdgeSecurity.Bindings.Mosquitto;
using EdgeSecurity.Contract;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Agent.Gateway;

/// <summary>
/// Tells the hub the agent is alive and working, beyond the broker's view of the TCP connection. QoS 0 and only
/// while connected: a heartbeat delivered late is worthless. It carries the outbox's backlog, so the hub sees a gateway
/// that cannot get its messages through, and the gateway's own health (CPU, memory, disk, temperature, version).
/// </summary>
public sealed class HeartbeatService(
    MqttClient client, AgentConfig config, DurableOutbox outbox, GatewayHealthSampler health, TimeProvider time, ILogger<HeartbeatService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var gateway = config.Gateway;
        var topic = Topics.Heartbeat(gateway.Community, gateway.Id);
        var started = time.GetTimestamp();
        using var timer = new PeriodicTimer(config.HeartbeatInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (!client.IsConnected)
                    continue;
                var uptime = (long)time.GetElapsedTime(started).TotalSeconds;
                var heartbeat = new Heartbeat(gateway.Id, time.GetUtcNow(), uptime, config.DeviceCount, outbox.Backlog(), health.Sample());
                try
                {
                    await client.PublishAsync(topic, ContractWriter.ToJson(heartbeat), MqttQos.AtMostOnce, retain: false, stoppingToken)
                        .ConfigureAwait(false);
                }
                catch (MqttException e)
                {
                    logger.LogWarning("Publishing a heartbeat failed: {Error}", e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
