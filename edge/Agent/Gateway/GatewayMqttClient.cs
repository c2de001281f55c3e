using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Bindings.Mosquitto;
using EdgeSecurity.Contract;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Agent.Gateway;

/// <summary>The gateway's one MQTT connection: client id = gateway id, and a retained offline status as last will.</summary>
public static class GatewayMqttClient
{
    public static MqttClient Create(AgentConfig config, TimeProvider time, ILogger<MqttClient> logger)
    {
        var gateway = config.Gateway;
        // The will is registered once, so its time is when the agent started; the hub should trust its own receipt time for offline.
        var will = new GatewayStatus(gateway.Id, GatewayState.Offline, time.GetUtcNow(), AgentVersion.Current);
        return new MqttClient(
            new MqttClientOptions
            {
                ClientId = gateway.Id,
                Host = config.Broker.Host,
                Port = config.Broker.Port,
                Username = config.Broker.Username,
                Password = config.Broker.Password,
                Protocol = MqttProtocol.V5,
                KeepAlive = config.Broker.KeepAlive,
                Tls = config.Broker.Tls is { } tls ? new MqttTlsOptions(tls.CaFile, tls.CertFile, tls.KeyFile) : null,
                // The outbox keeps what must survive, not a broker session: a hub acknowledgement missed while away only
                // means the event is published again, and the hub drops the copy.
                CleanSession = true,
                Will = new MqttWill(Topics.Status(gateway.Community, gateway.Id), ContractWriter.ToJson(will), MqttQos.AtLeastOnce, Retain: true),
            },
            logger);
    }
}
