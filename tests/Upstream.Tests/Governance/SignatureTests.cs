using System.Text;
using EdgeSecurity.Upstream.Governance;

namespace EdgeSecurity.Upstream.Tests.Governance;

public sealed class SignatureTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_795_446_900);
    private readonly ManualTimeProvider _time = new(Now);

    [Fact]
    public void The_signature_is_hmac_sha256_of_timestamp_dot_body_as_documented()
    {
        // Computed independently: python3 -c "import hmac,hashlib; print(hmac.new(bytes(range(1,33)), b'1795446900.{\"specversion\":\"1.0\"}', hashlib.sha256).hexdigest())"
        var signature = RequestSignature.Compute(SampleRecords.HubKey.Secret, 1_795_446_900, """{"specversion":"1.0"}"""u8);

        Assert.Equal("v1=6391578f848a0ac7fdd0bce9a0f23c524c7a5c49eb12fd22d3b85429d288dbaf", signature);
    }

    [Fact]
    public void Short_secrets_and_ids_that_cannot_travel_in_a_header_are_refused()
    {
        Assert.Contains("at least 32", Assert.Throws<ArgumentException>(() => new SigningKey("k", new byte[16])).Message, StringComparison.Ordinal);
        Assert.Contains("printable ASCII", Assert.Throws<ArgumentException>(() => new SigningKey("key one", new byte[32])).Message, StringComparison.Ordinal);
        Assert.Contains("not Base64", Assert.Throws<ArgumentException>(() => SigningKey.FromBase64("k", "%%%")).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(-300, null)]
    [InlineData(300, null)]
    [InlineData(-301, "stale_timestamp")]
    [InlineData(301, "stale_timestamp")]
    public void Timestamps_are_accepted_only_inside_the_window_either_way(int offsetSeconds, string? refusal)
    {
        var verifier = new SignatureVerifier(new SigningKeyRing([SampleRecords.HubKey]), TimeSpan.FromMinutes(5), _time);
        var body = "{}"u8.ToArray();
        var timestamp = Now.ToUnixTimeSeconds() + offsetSeconds;

        var result = verifier.Verify(SampleRecords.HubKey.Id, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
            RequestSignature.Compute(SampleRecords.HubKey.Secret, timestamp, body), body);

        Assert.Equal(refusal, result?.Code);
    }

    [Fact]
    public void Tampered_bodies_moved_timestamps_unknown_keys_and_missing_headers_are_refused_with_their_reason()
    {
        var verifier = new SignatureVerifier(new SigningKeyRing([SampleRecords.HubKey]), TimeSpan.FromMinutes(5), _time);
        var body = "{\"level\":1}"u8.ToArray();
        var ts = Now.ToUnixTimeSeconds();
        var signature = RequestSignature.Compute(SampleRecords.HubKey.Secret, ts, body);
        var id = SampleRecords.HubKey.Id;
        var tsText = ts.ToString(System.Globalization.CultureInfo.InvariantCulture);

        Assert.Null(verifier.Verify(id, tsText, signature, body));
        Assert.Equal("bad_signature", verifier.Verify(id, tsText, signature, "{\"level\":3}"u8)?.Code);
        Assert.Equal("bad_signature", verifier.Verify(id, (ts + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), signature, body)?.Code);
        Assert.Equal("bad_signature", verifier.Verify(id, tsText, signature.ToUpperInvariant(), body)?.Code);
        Assert.Equal("unknown_key", verifier.Verify("other", tsText, signature, body)?.Code);
        Assert.Equal("missing_signature", verifier.Verify(id, tsText, null, body)?.Code);
        Assert.Equal("malformed_timestamp", verifier.Verify(id, "2026-11-22T12:00:00Z", signature, body)?.Code);
        Assert.Equal("malformed_timestamp", verifier.Verify(id, "-5", signature, body)?.Code);
    }

    [Fact]
    public void Every_retry_of_a_record_has_the_same_body_and_the_cloudevents_envelope_of_the_spec()
    {
        var record = SampleRecords.DoorForced();

        var first = GovernanceRecordFormat.ToCloudEvent(record, "urn:edgesecurity:hub:yangguang");
        var second = GovernanceRecordFormat.ToCloudEvent(record, "urn:edgesecurity:hub:yangguang");

        Assert.Equal(first, second);
        Assert.True(CloudEvent.TryRead(first, out var cloudEvent, out var error), error);
        Assert.Equal((record.IdempotencyKey, "urn:edgesecurity:hub:yangguang", "edgesecurity.incident.v1", record.IncidentId, record.UpdatedAt),
            (cloudEvent!.Id, cloudEvent.Source, cloudEvent.Type, cloudEvent.Subject, cloudEvent.Time));
        Assert.StartsWith("""{"specversion":"1.0","id":"019c8a6e-5b1f-7c3a-9d0e-2f4b6a8c0e1f:1",""", Encoding.UTF8.GetString(first), StringComparison.Ordinal);
        var parsed = GovernanceRecordFormat.FromCloudEvent(cloudEvent, out error);
        Assert.Equal(record.Place, parsed!.Place);
        Assert.Equal(record.History, parsed.History);
    }

    [Theory]
    [InlineData("""[1]""", "not a JSON object")]
    [InlineData("""{"specversion":"0.3","id":"a","source":"s","type":"t","data":{}}""", "specversion")]
    [InlineData("""{"specversion":"1.0","id":"","source":"s","type":"t","data":{}}""", "required non-empty")]
    [InlineData("""{"specversion":"1.0","id":"a","source":"s","type":"t","time":"yesterday","data":{}}""", "RFC 3339")]
    [InlineData("""{"specversion":"1.0","id":"a","source":"s","type":"t","time":"2026-11-22T23:15:00","data":{}}""", "RFC 3339")]
    [InlineData("""{"specversion":"1.0","id":"a","source":"s","type":"t","time":"11/22/2026 23:15:00 +08:00","data":{}}""", "RFC 3339")]
    [InlineData("""{"specversion":"1.0","id":"a","source":"s","type":"t","data":"x"}""", "data must be a JSON object")]
    [InlineData("""{"specversion":"1.0",""", "not JSON")]
    public void Envelopes_that_break_the_spec_are_refused_with_the_reason(string json, string reason)
    {
        Assert.False(CloudEvent.TryRead(Encoding.UTF8.GetBytes(json), out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-11-22T15:15:00Z")]
    [InlineData("2026-11-22T23:15:00+08:00")]
    [InlineData("2026-11-22T23:15:00.000+08:00")]
    [InlineData("2026-11-22T15:15:00.1234567Z")]
    public void Rfc_3339_times_are_read(string time)
    {
        Assert.True(CloudEvent.TryRead(Encoding.UTF8.GetBytes($$$"""{"specversion":"1.0","id":"a","source":"s","type":"t","time":"{{{time}}}","data":{}}"""), out var cloudEvent, out var error), error);
        var read = cloudEvent!.Time!.Value;
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 15, 15, 0, TimeSpan.Zero), read.AddTicks(-(read.Ticks % TimeSpan.TicksPerSecond)));
    }

    [Theory]
    [InlineData("\"level\":2", "\"level\":7", "data.level 7 must be 1-3")]
    [InlineData("\"type\":\"security.door_forced_open\",", "", "missing required properties")]
    [InlineData("\"place\":{", "\"place\":null,\"x\":{", "place")]
    [InlineData(":1\",\"source\"", ":9\",\"source\"", "is not incidentId:revision")]
    public void A_record_with_a_missing_null_or_impossible_field_is_refused_with_the_reason(string find, string replace, string reason)
    {
        var json = Encoding.UTF8.GetString(GovernanceRecordFormat.ToCloudEvent(SampleRecords.DoorForced(), "urn:x"));
        Assert.Contains(find, json, StringComparison.Ordinal);
        var broken = Encoding.UTF8.GetBytes(json.Replace(find, replace, StringComparison.Ordinal));

        Assert.True(CloudEvent.TryRead(broken, out var cloudEvent, out _));
        Assert.Null(GovernanceRecordFormat.FromCloudEvent(cloudEvent!, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
