using System.Text;
using System.Text.Json.Nodes;
using EdgeSecurity.Contract;
using EdgeSecurity.Hub.Tests.Infrastructure;

namespace EdgeSecurity.Hub.Tests;

public class IngestionRejectionTests(HubFixture fixture) : IClassFixture<HubFixture>
{
    private sealed record BadMessage(string Name, string Topic, byte[] Payload, string Reason);

    [Fact]
    public async Task Each_bad_message_is_counted_under_its_reason_and_valid_events_between_them_all_become_incidents()
    {
        var community = SampleEvents.NewCommunity();
        var eventTopic = Topics.Events(community, SampleEvents.Gateway, SampleEvents.Device);
        BadMessage[] bad =
        [
            new("truncated JSON", eventTopic, Truncated(SampleEvents.Create(community)), "malformed_json"),
            new("level as a word", eventTopic, Mutated(community, e => e["level"] = "high"), "wrong_type"),
            new("1 MB payload", eventTopic, new byte[1024 * 1024], "payload_too_large"),
            new("unknown kind", $"es/v1/{community}/{SampleEvents.Gateway}/alarms/{SampleEvents.Device}", ContractWriter.ToJson(SampleEvents.Create(community)), "unknown_topic"),
            new("too few levels", $"es/v1/{community}", Encoding.UTF8.GetBytes("{}"), "unknown_topic"),
            new("gateway disagrees with topic", eventTopic, Mutated(community, e => e["gatewayId"] = "gw-other"), "topic_mismatch"),
            new("unknown event type", eventTopic, Mutated(community, e => e["type"] = "fire.dragon"), "unknown_event_type"),
            new("missing occurredAt", eventTopic, Mutated(community, e => e.Remove("occurredAt")), "missing_field"),
            new("level out of range", eventTopic, Mutated(community, e => e["level"] = 7), "invalid_field"),
            new("contract version 2", eventTopic, Mutated(community, e => e["v"] = 2), "unsupported_version"),
            new("status neither online nor offline", Topics.Status(community, SampleEvents.Gateway),
                Encoding.UTF8.GetBytes($$"""{"v":1,"gatewayId":"{{SampleEvents.Gateway}}","state":"asleep","at":"2026-03-01T12:00:00Z"}"""), "invalid_field"),
        ];
        var before = await fixture.Hub.StatsAsync();

        var valid = new List<EdgeEvent>();
        foreach (var message in bad)
        {
            var e = SampleEvents.Create(community);
            valid.Add(e);
            await fixture.Edge.PublishAsync(e);
            await fixture.Edge.PublishAsync(message.Topic, message.Payload);
        }
        var last = SampleEvents.Create(community);
        valid.Add(last);
        await fixture.Edge.PublishAsync(last);

        // Repeats of one door's forced opening: one incident, every event in its log.
        Assert.Equal(valid.Select(e => e.EventId).Order(), (await fixture.Hub.EventIdsOnceAsync(community, valid.Count)).Order());
        Assert.Equal(valid.Count, (int)(await fixture.Hub.IncidentsOnceAsync(community, 1)).Single()!["eventCount"]!);

        var expected = bad.GroupBy(m => m.Reason).ToDictionary(g => g.Key, g => (long)g.Count());
        var after = await Poll.UntilAsync(fixture.Hub.StatsAsync, s => RejectedSince(before, s).Values.Sum() >= bad.Length, $"{bad.Length} rejections");
        Assert.Equal(expected, RejectedSince(before, after).Where(r => r.Value > 0).ToDictionary());
        Assert.Equal(valid.Count, (long)after["accepted"]!["events"]! - (long)before["accepted"]!["events"]!);
        Assert.Equal((long)before["failed"]!, (long)after["failed"]!);
        Assert.Equal("connected", (string?)(await fixture.Hub.HealthAsync())["mqtt"]);
    }

    [Fact]
    public async Task Health_reports_the_same_counters_as_the_stats_endpoint()
    {
        var stats = await fixture.Hub.StatsAsync();
        var health = await fixture.Hub.HealthAsync();

        Assert.Equal("healthy", (string?)health["status"]);
        Assert.Equal("ok", (string?)health["storage"]);
        Assert.Equal(
            ["events", "status", "heartbeat", "state", "telemetry", "evidence", "objects"],
            stats["accepted"]!.AsObject().Select(p => p.Key));
        Assert.Equal(
            ["unknown_topic", "payload_too_large", "malformed_json", "wrong_type", "missing_field", "invalid_field", "unsupported_version", "unknown_event_type", "topic_mismatch"],
            stats["rejected"]!.AsObject().Select(p => p.Key));
        Assert.Equal(stats["rejected"]!.AsObject().Select(p => p.Key), health["ingest"]!["rejected"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task Telemetry_is_validated_and_commands_are_ignored()
    {
        var community = SampleEvents.NewCommunity();
        var topic = Topics.Telemetry(community, SampleEvents.Gateway, "meter-1");
        var valid = new DeviceTelemetry(SampleEvents.Gateway, "meter-1", DateTimeOffset.UtcNow, new Dictionary<string, double> { ["temperature"] = 21.5 });
        var before = await fixture.Hub.StatsAsync();

        await fixture.Edge.PublishAsync(topic, ContractWriter.ToJson(valid));
        await fixture.Edge.PublishAsync(topic, """{"v":1,"temperature":21.5}""");
        await fixture.Edge.PublishAsync(Topics.Commands(community, SampleEvents.Gateway, "siren-1"), """{"v":1,"command":"sound"}""");

        var after = await Poll.UntilAsync(fixture.Hub.StatsAsync,
            s => (long)s["accepted"]!["telemetry"]! > (long)before["accepted"]!["telemetry"]! && (long)s["ignored"]! > (long)before["ignored"]!
                && RejectedSince(before, s)["missing_field"] > 0,
            "valid telemetry to be accepted, the malformed one refused and the command ignored");
        Assert.Equal(1, (long)after["accepted"]!["telemetry"]! - (long)before["accepted"]!["telemetry"]!);
    }

    private static Dictionary<string, long> RejectedSince(JsonObject before, JsonObject after) =>
        after["rejected"]!.AsObject().ToDictionary(r => r.Key, r => (long)r.Value! - (long)before["rejected"]![r.Key]!);

    private static byte[] Truncated(EdgeEvent e)
    {
        var json = ContractWriter.ToJson(e);
        return json[..(json.Length / 2)];
    }

    private static byte[] Mutated(string community, Action<JsonObject> change)
    {
        var json = JsonNode.Parse(ContractWriter.ToJson(SampleEvents.Create(community)))!.AsObject();
        change(json);
        return Encoding.UTF8.GetBytes(json.ToJsonString());
    }
}
