using EdgeSecurity.Bindings.Mosquitto;
using EdgeSecurity.Contract;

namespace EdgeSecurity.Hub.Tests.Infrastructure;

/// <summary>Plays the edge: publishes contract messages, or any bytes on any topic, with QoS 1.</summary>
public sealed class EdgePublisher : IAsyncDisposable
{
    private readonly MqttClient _client;

    private EdgePublisher(MqttClient client) => _client = client;

    public static async Task<EdgePublisher> ConnectAsync(string host, int port)
    {
        var client = new MqttClient(new MqttClientOptions { ClientId = $"test-edge-{Guid.NewGuid():N}", Host = host, Port = port });
        try
        {
            await client.ConnectAsync();
            return new EdgePublisher(client);
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    public Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, bool retain = false) =>
        _client.PublishAsync(topic, payload, MqttQos.AtLeastOnce, retain);

    public Task PublishAsync(string topic, string payload, bool retain = false) =>
        PublishAsync(topic, System.Text.Encoding.UTF8.GetBytes(payload), retain);

    public Task PublishAsync(EdgeEvent e) =>
        PublishAsync(Topics.Events(e.Place.Community, e.GatewayId, e.DeviceId), ContractWriter.ToJson(e));

    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
