using System.Text;
using System.Text.Json.Nodes;
using EdgeSecurity.Contract;

namespace EdgeSecurity.Contract.Tests;

public class EventContractTests
{
    private static readonly ContractTopic Topic = new("cm-1", "gw-1", TopicKind.Events, "door-1");

    private static EdgeEvent Sample() => new(
        Guid.CreateVersion7(), "gw-1", "door-1",
        new Place("cm-1", "grid-7", "3", "2", "1", "101"),
        EventTypes.DoorForcedOpen, WarningLevel.Warning,
        new DateTimeOffset(2026, 11, 22, 23, 15, 0, TimeSpan.FromHours(8)),
        new DateTimeOffset(2026, 11, 22, 23, 15, 1, TimeSpan.FromHours(8)),
        new EvidenceRef(EvidenceKind.Snapshot, "https://hub.local/evidence/1.jpg"),
        IsTest: true,
        Attributes: new Dictionary<string, string> { ["armedBy"] = "schedule" });

    private static ReadResult<EdgeEvent> Read(string json) => ContractReader.ReadEvent(Topic, Encoding.UTF8.GetBytes(json));

    private static string Mutate(Action<JsonObject> change)
    {
        var node = JsonNode.Parse(ContractWriter.ToJson(Sample()))!.AsObject();
        change(node);
        return node.ToJsonString();
    }

    [Fact]
    public void An_event_survives_a_round_trip()
    {
        var original = Sample();

        var read = ContractReader.ReadEvent(Topic, ContractWriter.ToJson(original));

        Assert.True(read.IsAccepted, read.Rejection?.ToString());
        var back = read.Value!;
        Assert.Equal(original.EventId, back.EventId);
        Assert.Equal(original.Place, back.Place);
        Assert.Same(original.Type, back.Type);
        Assert.Equal(original.Level, back.Level);
        Assert.Equal(original.OccurredAt, back.OccurredAt);
        Assert.Equal(original.PublishedAt, back.PublishedAt);
        Assert.Equal(original.Evidence, back.Evidence);
        Assert.True(back.IsTest);
        Assert.Equal("schedule", back.Attributes!["armedBy"]);
    }

    [Fact]
    public void The_wire_form_uses_the_documented_field_names()
    {
        var json = JsonNode.Parse(ContractWriter.ToJson(Sample()))!.AsObject();

        Assert.Equal(
            ["v", "eventId", "gatewayId", "deviceId", "place", "type", "level", "occurredAt", "publishedAt", "evidence", "test", "attributes"],
            json.Select(p => p.Key));
        Assert.Equal("security.door_forced_open", (string?)json["type"]);
        Assert.Equal(1, (int?)json["v"]);
    }

    [Fact]
    public void Unknown_fields_are_ignored()
    {
        var read = Read(Mutate(e =>
        {
            e["futureField"] = new JsonObject { ["nested"] = 1 };
            e["place"]!["lift"] = "L2";
        }));

        Assert.True(read.IsAccepted, read.Rejection?.ToString());
    }

    [Fact]
    public void Optional_fields_may_be_left_out()
    {
        var read = Read(Mutate(e =>
        {
            e.Remove("evidence");
            e.Remove("test");
            e.Remove("attributes");
            e["place"] = new JsonObject { ["community"] = "cm-1" };
        }));

        Assert.True(read.IsAccepted, read.Rejection?.ToString());
        Assert.False(read.Value!.IsTest);
        Assert.Equal("cm-1", read.Value.Place.ToString());
    }

    public static TheoryData<string, RejectionReason, string> Rejections()
    {
        var data = new TheoryData<string, RejectionReason, string>();
        void Add(Action<JsonObject> change, RejectionReason reason, string detail) => data.Add(Mutate(change), reason, detail);

        foreach (var field in new[] { "v", "eventId", "gatewayId", "deviceId", "place", "type", "level", "occurredAt", "publishedAt" })
            Add(e => e.Remove(field), RejectionReason.MissingField, $"'{field}'");
        Add(e => e["place"]!.AsObject().Remove("community"), RejectionReason.MissingField, "'place.community'");
        Add(e => e["evidence"]!.AsObject().Remove("uri"), RejectionReason.MissingField, "'evidence.uri'");
        Add(e => e["v"] = 2, RejectionReason.UnsupportedVersion, "version 2");
        Add(e => e["level"] = "high", RejectionReason.WrongType, "'level'");
        Add(e => e["occurredAt"] = "yesterday", RejectionReason.WrongType, "'occurredAt'");
        Add(e => e["place"] = "3/2/1", RejectionReason.WrongType, "'place'");
        Add(e => e["attributes"] = new JsonObject { ["n"] = 5 }, RejectionReason.WrongType, "'attributes.n'");
        Add(e => e["level"] = 4, RejectionReason.InvalidField, "must be 1, 2 or 3");
        Add(e => e["level"] = 0, RejectionReason.InvalidField, "must be 1, 2 or 3");
        Add(e => e["eventId"] = "not-a-uuid", RejectionReason.InvalidField, "UUID");
        Add(e => e["eventId"] = Guid.Empty.ToString(), RejectionReason.InvalidField, "UUID");
        Add(e => e["deviceId"] = "door 1", RejectionReason.InvalidField, "not a valid id");
        Add(e => e["place"]!["building"] = "", RejectionReason.InvalidField, "'place.building'");
        Add(e => e["place"]!["unit"] = new string('x', 65), RejectionReason.InvalidField, "'place.unit'");
        Add(e => e["evidence"]!["kind"] = "audio", RejectionReason.InvalidField, "'evidence.kind'");
        Add(e => e["evidence"]!["uri"] = "http://bad uri", RejectionReason.InvalidField, "'evidence.uri'");
        Add(e => e["occurredAt"] = "2026-11-22T23:20:00+08:00", RejectionReason.InvalidField, "later than 'publishedAt'");
        Add(e => e["attributes"] = new JsonObject(Enumerable.Range(0, 33).Select(i => KeyValuePair.Create($"k{i}", (JsonNode?)"v"))), RejectionReason.InvalidField, "'attributes'");
        Add(e => e["type"] = "security.alien_landing", RejectionReason.UnknownEventType, "'security.alien_landing'");
        Add(e => e["gatewayId"] = "gw-2", RejectionReason.TopicMismatch, "topic's gateway 'gw-1'");
        Add(e => e["deviceId"] = "door-2", RejectionReason.TopicMismatch, "topic's device 'door-1'");
        Add(e => e["place"]!["community"] = "cm-2", RejectionReason.TopicMismatch, "topic's community 'cm-1'");
        return data;
    }

    [Theory]
    [MemberData(nameof(Rejections))]
    public void Each_invalid_event_is_refused_with_its_reason(string json, RejectionReason reason, string detail)
    {
        var read = Read(json);

        Assert.False(read.IsAccepted);
        Assert.Equal(reason, read.Rejection!.Reason);
        Assert.Contains(detail, read.Rejection.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"v\":1,\"eventId\":", "line 1")]
    [InlineData("", "line 1")]
    [InlineData("{\"v\":1}}", "line 1")]
    [InlineData("\u00ff\u00fe", "line 1")]
    public void Broken_json_is_refused_as_malformed(string payload, string detail)
    {
        var read = Read(payload);

        Assert.Equal(RejectionReason.MalformedJson, read.Rejection?.Reason);
        Assert.Contains(detail, read.Rejection!.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("null")]
    public void A_payload_that_is_not_an_object_is_refused(string payload)
    {
        Assert.Equal(RejectionReason.WrongType, Read(payload).Rejection?.Reason);
    }

    [Fact]
    public void An_oversized_payload_is_refused_before_parsing()
    {
        var payload = new byte[ContractReader.MaxPayloadBytes + 1];

        var read = ContractReader.ReadEvent(Topic, payload);

        Assert.Equal(RejectionReason.PayloadTooLarge, read.Rejection?.Reason);
    }
}
