using System.Globalization;
using EdgeSecurity.Upstream.Governance;

namespace EdgeSecurity.Upstream.Tests.Governance;

public sealed class StatusCallbackVerifierTests
{
    private static readonly SigningKey CentreKey = new("centre-1", [.. Enumerable.Range(50, 32).Select(i => (byte)i)]);
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));
    private readonly MemorySeenIds _seen;
    private readonly StatusCallbackVerifier _verifier;

    public StatusCallbackVerifierTests()
    {
        _seen = new MemorySeenIds(_time);
        _verifier = new StatusCallbackVerifier(new SignatureVerifier(new SigningKeyRing([CentreKey]), TimeSpan.FromMinutes(5), _time), _seen, _time);
    }

    [Fact]
    public void An_authentic_callback_is_accepted_once_then_its_replay_is_a_duplicate()
    {
        var (ts, body, signature) = Signed(new StatusUpdate("cb-1", "inc-1", CentreStatus.Closed, _time.GetUtcNow(), "已办结 closed", null));

        var first = _verifier.Verify(CentreKey.Id, ts, signature, body);
        var replay = _verifier.Verify(CentreKey.Id, ts, signature, body);

        Assert.Equal(CallbackOutcome.Accepted, first.Outcome);
        Assert.Equal(("inc-1", CentreStatus.Closed, "已办结 closed"), (first.Update!.IncidentId, first.Update.Status, first.Update.Note));
        Assert.Equal(CallbackOutcome.Duplicate, replay.Outcome);
        Assert.Equal((200, """{"applied":false,"reason":"replayed"}"""), replay.ToResponse());
    }

    [Fact]
    public void A_replay_after_the_window_is_refused_as_stale_and_remembered_ids_are_forgotten_by_then()
    {
        var (ts, body, signature) = Signed(new StatusUpdate("cb-2", "inc-1", CentreStatus.Accepted, _time.GetUtcNow(), null, null));
        Assert.Equal(CallbackOutcome.Accepted, _verifier.Verify(CentreKey.Id, ts, signature, body).Outcome);

        _time.Advance(TimeSpan.FromMinutes(11));
        var late = _verifier.Verify(CentreKey.Id, ts, signature, body);
        _seen.TryAdd("other", _time.GetUtcNow());

        Assert.Equal(CallbackOutcome.Refused, late.Outcome);
        Assert.Equal("stale_timestamp", late.Refusal!.Code);
        Assert.Equal(401, late.ToResponse().Status);
        Assert.Equal(1, _seen.Count);
    }

    [Fact]
    public void A_forged_callback_is_refused_and_does_not_block_the_genuine_one()
    {
        var update = new StatusUpdate("cb-3", "inc-1", CentreStatus.Resolved, _time.GetUtcNow(), null, null);
        var forger = new SigningKey(CentreKey.Id, new byte[32]);
        var body = StatusUpdateFormat.ToCloudEvent(update, "urn:centre");
        var ts = _time.GetUtcNow().ToUnixTimeSeconds();
        var forged = _verifier.Verify(CentreKey.Id, ts.ToString(CultureInfo.InvariantCulture), RequestSignature.Compute(forger.Secret, ts, body), body);
        var (gts, gbody, gsig) = Signed(update);

        Assert.Equal("bad_signature", forged.Refusal!.Code);
        Assert.Contains("bad_signature", forged.ToResponse().Body, StringComparison.Ordinal);
        Assert.Equal(CallbackOutcome.Accepted, _verifier.Verify(CentreKey.Id, gts, gsig, gbody).Outcome);
    }

    [Theory]
    [InlineData("""{"specversion":"1.0","id":"c","source":"s","type":"edgesecurity.incident.status.v1","data":{"incidentId":"i","status":"lost","at":"2026-11-22T08:00:00Z"}}""", "data.status 'lost'")]
    [InlineData("""{"specversion":"1.0","id":"c","source":"s","type":"edgesecurity.incident.status.v1","data":{"status":"closed","at":"2026-11-22T08:00:00Z"}}""", "incidentId is required")]
    [InlineData("""{"specversion":"1.0","id":"c","source":"s","type":"edgesecurity.incident.status.v1","data":{"incidentId":"i","status":"closed"}}""", "data.at is required")]
    [InlineData("""{"specversion":"1.0","id":"c","source":"s","type":"edgesecurity.incident.v1","data":{}}""", "is not edgesecurity.incident.status.v1")]
    [InlineData("""garbage""", "not JSON")]
    public void A_signed_but_unreadable_callback_is_refused_as_malformed(string json, string reason)
    {
        var body = System.Text.Encoding.UTF8.GetBytes(json);
        var ts = _time.GetUtcNow().ToUnixTimeSeconds();

        var verdict = _verifier.Verify(CentreKey.Id, ts.ToString(CultureInfo.InvariantCulture), RequestSignature.Compute(CentreKey.Secret, ts, body), body);

        Assert.Equal(("malformed_body", 400), (verdict.Refusal!.Code, verdict.ToResponse().Status));
        Assert.Contains(reason, verdict.Refusal.Message, StringComparison.Ordinal);
    }

    private (string Timestamp, byte[] Body, string Signature) Signed(StatusUpdate update)
    {
        var body = StatusUpdateFormat.ToCloudEvent(update, "urn:centre");
        var ts = _time.GetUtcNow().ToUnixTimeSeconds();
        return (ts.ToString(CultureInfo.InvariantCulture), body, RequestSignature.Compute(CentreKey.Secret, ts, body));
    }
}
