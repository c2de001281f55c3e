using System.Net.ServerSentEvents;
using System.Text.Json.Nodes;
using EdgeSecurity.Hub.Incidents;
using EdgeSecurity.Hub.Tests.Infrastructure;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeSecurity.Hub.Tests;

public class IncidentStreamTests(HubFixture fixture) : IClassFixture<HubFixture>
{
    private static readonly TimeSpan StreamTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_connected_client_receives_incident_created_with_the_incident()
    {
        using var timeout = new CancellationTokenSource(StreamTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/incidents/stream");
        // The hub sends the headers once the subscription is registered, so what is published from now on is streamed.
        using var response = await fixture.Hub.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);

        var community = SampleEvents.NewCommunity();
        var e = SampleEvents.Create(community);
        await fixture.Edge.PublishAsync(e);

        var created = await FirstAsync(SseParser.Create(body).EnumerateAsync(timeout.Token),
            item => item.EventType == IncidentFeed.Created && (string?)JsonNode.Parse(item.Data)!["community"] == community);
        var streamed = JsonNode.Parse(created.Data)!;
        Assert.Equal(e.EventId, Guid.Parse((string)streamed["eventId"]!));

        var stored = (await fixture.Hub.GetObjectAsync($"/api/incidents/{streamed["id"]}"))["incident"];
        Assert.True(JsonNode.DeepEquals(stored, streamed), $"streamed and stored incidents differ:\n{streamed}\n{stored}");
    }

    [Fact]
    public async Task A_subscriber_that_stops_reading_is_disconnected_without_holding_up_publishing_or_other_subscribers()
    {
        var lifetime = new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance);
        using var feed = new IncidentFeed(lifetime, NullLogger<IncidentFeed>.Instance);
        await using var stalled = feed.SubscribeAsync(_ => true, CancellationToken.None).GetAsyncEnumerator();
        await using var reading = feed.SubscribeAsync(_ => true, CancellationToken.None).GetAsyncEnumerator();
        Assert.True(await stalled.MoveNextAsync());
        Assert.True(await reading.MoveNextAsync());
        var published = IncidentFeed.SubscriberCapacity + 10;

        var received = 0;
        for (var i = 0; i < published; i++)
        {
            feed.Publish(IncidentFeed.Created, Incident.FromEvent(SampleEvents.Create("cm-feed"), DateTimeOffset.UtcNow, null, null));
            Assert.True(await reading.MoveNextAsync());
            received++;
        }

        Assert.Equal(published, received);
        Assert.Equal(IncidentFeed.SubscriberCapacity, await CountUntilEndAsync(stalled).WaitAsync(StreamTimeout));
    }

    [Fact]
    public async Task Streams_end_when_the_hub_stops_so_shutdown_is_not_held_up()
    {
        var lifetime = new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance);
        using var feed = new IncidentFeed(lifetime, NullLogger<IncidentFeed>.Instance);
        await using var subscriber = feed.SubscribeAsync(_ => true, CancellationToken.None).GetAsyncEnumerator();
        Assert.True(await subscriber.MoveNextAsync());

        var next = subscriber.MoveNextAsync().AsTask();
        lifetime.StopApplication();

        Assert.False(await next.WaitAsync(StreamTimeout));
    }

    private static async Task<int> CountUntilEndAsync(IAsyncEnumerator<SseItem<Incident?>> items)
    {
        var count = 0;
        while (await items.MoveNextAsync())
            count++;
        return count;
    }

    private static async Task<SseItem<string>> FirstAsync(IAsyncEnumerable<SseItem<string>> items, Func<SseItem<string>, bool> match)
    {
        await foreach (var item in items)
        {
            if (match(item))
                return item;
        }
        throw new InvalidOperationException("The stream ended before the expected event.");
    }
}
