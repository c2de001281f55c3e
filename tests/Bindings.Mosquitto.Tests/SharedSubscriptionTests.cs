using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace EdgeSecurity.Bindings.Mosquitto.Tests;

public sealed class SharedSubscriptionTests : BrokerTests
{
    private const int MessageCount = 200;

    [Fact]
    public async Task SharedSubscriptionSplitsMessagesWithoutLossOrDuplicates()
    {
        var received = new ConcurrentQueue<(string Worker, int Index)>();
        var allReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Func<MqttMessage, ValueTask> HandlerFor(string worker) => message =>
        {
            received.Enqueue((worker, int.Parse(Encoding.UTF8.GetString(message.Payload.Span), CultureInfo.InvariantCulture)));
            if (received.Count == MessageCount)
            {
                allReceived.TrySetResult();
            }

            return ValueTask.CompletedTask;
        };

        await using (var first = await ConnectedClientAsync("worker-1"))
        await using (var second = await ConnectedClientAsync("worker-2"))
        {
            await first.SubscribeAsync("$share/workers/jobs/#", MqttQos.AtLeastOnce, HandlerFor("worker-1")).WaitAsync(Wait.Timeout);
            await second.SubscribeAsync("$share/workers/jobs/#", MqttQos.AtLeastOnce, HandlerFor("worker-2")).WaitAsync(Wait.Timeout);
            await using var producer = await ConnectedClientAsync("producer");

            var published = Enumerable.Range(0, MessageCount).Select(i =>
                producer.PublishAsync("jobs/resize", Encoding.UTF8.GetBytes(i.ToString(CultureInfo.InvariantCulture)), MqttQos.AtLeastOnce));
            await Task.WhenAll(published).WaitAsync(Wait.Timeout);
            await allReceived.Task.WaitAsync(Wait.Timeout);
        }

        // Disposing the workers handed them everything they had received, so a duplicate would be counted here.
        Assert.Equal(MessageCount, received.Count);
        Assert.Equal(Enumerable.Range(0, MessageCount), received.Select(r => r.Index).Order());
        Assert.Contains(received, r => r.Worker == "worker-1");
        Assert.Contains(received, r => r.Worker == "worker-2");
    }
}
