using System.Diagnostics;
using System.Threading.Channels;
using EdgeSecurity.Bindings.Mosquitto;
using EdgeSecurity.Testing;

namespace EdgeSecurity.Benchmarks;

/// <summary>The raw cost benchmarks compare with: one QoS 1 MQTT publish → delivery round trip through the broker and binding.</summary>
internal static class RawMqttLatency
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(10);

    public static async Task<LatencySample> MeasureAsync(MosquittoBroker broker, int count)
    {
        var options = new MqttClientOptions { ClientId = "bench-raw", Host = broker.Host, Port = broker.Port };
        await using var client = new MqttClient(options);
        await client.ConnectAsync();
        var delivered = Channel.CreateUnbounded<long>();
        await client.SubscribeAsync("bench/raw", MqttQos.AtLeastOnce, _ => delivered.Writer.WriteAsync(Stopwatch.GetTimestamp()));
        var payload = new byte[400];
        var sample = new LatencySample("raw MQTT QoS 1 publish → delivery");
        for (var i = 0; i < count + 10; i++)
        {
            var sent = Stopwatch.GetTimestamp();
            await client.PublishAsync("bench/raw", payload, MqttQos.AtLeastOnce);
            var at = await delivered.Reader.ReadAsync().AsTask().WaitAsync(StepTimeout);
            if (i >= 10)
                sample.Add(Stopwatch.GetElapsedTime(sent, at));
        }
        return sample;
    }
}
