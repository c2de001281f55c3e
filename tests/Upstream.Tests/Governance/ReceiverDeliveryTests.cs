using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EdgeSecurity.Upstream.Governance;
using EdgeSecurity.Upstream.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EdgeSecurity.Upstream.Tests.Governance;

/// <summary>The sender against the reference receiver running as a real process.</summary>
public sealed class ReceiverDeliveryTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _directory = new("receiver");
    private readonly HttpClient _http = new();
    private ReceiverProcess _receiver = null!;

    public async Task InitializeAsync() =>
        _receiver = await ReceiverProcess.StartAsync(_directory.Path, new Dictionary<string, string> { ["Keys:hub-yangguang-1"] = SampleRecords.Base64(SampleRecords.HubKey) });

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    public void Dispose()
    {
        _http.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task A_record_is_kept_once_and_a_retry_is_confirmed_without_a_second_copy()
    {
        var sender = new GovernanceSender(_http, SampleRecords.Options(_receiver.RecordsUrl), TimeProvider.System);
        var record = SampleRecords.DoorForced();

        var first = await sender.SendAsync(record, CancellationToken.None);
        var retry = await sender.SendAsync(record, CancellationToken.None);
        var nextRevision = await sender.SendAsync(record with { Revision = 2, State = "closed" }, CancellationToken.None);

        Assert.Equal((DeliveryOutcome.Delivered, "delivered"), (first.Outcome, first.Message));
        Assert.Equal(DeliveryOutcome.Delivered, retry.Outcome);
        Assert.Contains("already had it", retry.Message, StringComparison.Ordinal);
        Assert.Equal(DeliveryOutcome.Delivered, nextRevision.Outcome);
        var received = await _receiver.ReceivedAsync(_http);
        Assert.Equal(["019c8a6e-5b1f-7c3a-9d0e-2f4b6a8c0e1f:1", "019c8a6e-5b1f-7c3a-9d0e-2f4b6a8c0e1f:2"], received.Select(r => r.GetProperty("idempotencyKey").GetString()));
        Assert.Equal([1L, 0L], received.Select(r => r.GetProperty("duplicates").GetInt64()));
        var data = received[0].GetProperty("event").GetProperty("data");
        Assert.Equal("security.door_forced_open", data.GetProperty("type").GetString());
        Assert.Equal("宁波市/鄞州区/首南街道/阳光花园/网格07/3/2/1", data.GetProperty("place").GetProperty("path").GetString());
        Assert.Equal("330212001007", data.GetProperty("place").GetProperty("gridCode").GetString());
        Assert.Equal(["reported", "escalated"], data.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("state").GetString()));
        Assert.True(data.GetProperty("evidence")[0].GetProperty("blurred").GetBoolean());
    }

    [Fact]
    public async Task The_same_record_sent_by_many_at_once_is_kept_once()
    {
        var sender = new GovernanceSender(_http, SampleRecords.Options(_receiver.RecordsUrl), TimeProvider.System);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => sender.SendAsync(SampleRecords.DoorForced(), CancellationToken.None)));

        Assert.All(results, r => Assert.Equal(DeliveryOutcome.Delivered, r.Outcome));
        Assert.Single(results, r => r.Message == "delivered");
        var kept = Assert.Single(await _receiver.ReceivedAsync(_http));
        Assert.Equal(7, kept.GetProperty("duplicates").GetInt64());
    }

    [Fact]
    public async Task A_wrong_secret_or_an_unknown_key_is_dead_with_the_receivers_reason_and_nothing_is_kept()
    {
        var forged = new GovernanceSender(_http, SampleRecords.Options(_receiver.RecordsUrl, new SigningKey("hub-yangguang-1", new byte[32])), TimeProvider.System);
        var stranger = new GovernanceSender(_http, SampleRecords.Options(_receiver.RecordsUrl, new SigningKey("hub-unknown", new byte[32])), TimeProvider.System);

        var badSignature = await forged.SendAsync(SampleRecords.DoorForced(), CancellationToken.None);
        var unknownKey = await stranger.SendAsync(SampleRecords.DoorForced(), CancellationToken.None);

        Assert.Equal((DeliveryOutcome.Dead, 401), (badSignature.Outcome, badSignature.StatusCode));
        Assert.Contains("signature does not match", badSignature.Message, StringComparison.Ordinal);
        Assert.Equal(DeliveryOutcome.Dead, unknownKey.Outcome);
        Assert.Contains("'hub-unknown' is not known", unknownKey.Message, StringComparison.Ordinal);
        Assert.Empty(await _receiver.ReceivedAsync(_http));
    }

    [Fact]
    public async Task A_hub_clock_outside_the_replay_window_is_retried_later_not_dropped()
    {
        var skewed = new ManualTimeProvider(DateTimeOffset.UtcNow.AddMinutes(-10));
        var sender = new GovernanceSender(_http, SampleRecords.Options(_receiver.RecordsUrl), skewed);

        var result = await sender.SendAsync(SampleRecords.DoorForced(), CancellationToken.None);

        Assert.Equal((DeliveryOutcome.RetryLater, 401), (result.Outcome, result.StatusCode));
        Assert.StartsWith("clock skew: 401", result.Message, StringComparison.Ordinal);
        Assert.Empty(await _receiver.ReceivedAsync(_http));
    }

    [Fact]
    public async Task While_the_receiver_is_down_the_record_waits_and_after_its_restart_it_is_kept_once()
    {
        var sender = new GovernanceSender(_http, SampleRecords.Options(_receiver.RecordsUrl), TimeProvider.System);
        Assert.Equal(DeliveryOutcome.Delivered, (await sender.SendAsync(SampleRecords.DoorForced("a"), CancellationToken.None)).Outcome);
        await _receiver.KillAsync();

        var whileDown = await sender.SendAsync(SampleRecords.DoorForced("b"), CancellationToken.None);
        _receiver = await ReceiverProcess.StartAsync(_directory.Path,
            new Dictionary<string, string> { ["Keys:hub-yangguang-1"] = SampleRecords.Base64(SampleRecords.HubKey) }, _receiver.Port);
        var again = await sender.SendAsync(SampleRecords.DoorForced("b"), CancellationToken.None);
        var resentOld = await sender.SendAsync(SampleRecords.DoorForced("a"), CancellationToken.None);

        Assert.Equal((DeliveryOutcome.RetryLater, null), (whileDown.Outcome, whileDown.StatusCode));
        Assert.Contains("could not reach", whileDown.Message, StringComparison.Ordinal);
        Assert.Equal(DeliveryOutcome.Delivered, again.Outcome);
        Assert.Equal(DeliveryOutcome.Delivered, resentOld.Outcome);
        Assert.Equal(["a:1", "b:1"], (await _receiver.ReceivedAsync(_http)).Select(r => r.GetProperty("idempotencyKey").GetString()));
    }

    [Fact]
    public async Task Unsigned_garbage_and_wrong_media_types_are_refused_with_reasons()
    {
        using var unsigned = new StringContent("{}", Encoding.UTF8, CloudEvent.MediaType);
        using var plainJson = new StringContent("{}", Encoding.UTF8, "application/json");

        var noSignature = await _http.PostAsync(_receiver.RecordsUrl, unsigned);
        var wrongType = await _http.PostAsync(_receiver.RecordsUrl, plainJson);

        Assert.Equal(401, (int)noSignature.StatusCode);
        Assert.Equal("missing_signature", (await noSignature.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(415, (int)wrongType.StatusCode);

        var signedGarbage = Encoding.UTF8.GetBytes("{\"specversion\":\"1.0\",\"id\":\"x\"");
        using var request = new HttpRequestMessage(HttpMethod.Post, _receiver.RecordsUrl) { Content = new ByteArrayContent(signedGarbage) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", CloudEvent.MediaType);
        RequestSignature.Sign(request, SampleRecords.HubKey, DateTimeOffset.UtcNow, signedGarbage);
        var garbage = await _http.SendAsync(request);
        Assert.Equal(400, (int)garbage.StatusCode);
        Assert.Equal("malformed_body", (await garbage.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());

        var record = GovernanceRecordFormat.ToCloudEvent(SampleRecords.DoorForced(), "urn:edgesecurity:hub:yangguang");
        using var mismatched = new HttpRequestMessage(HttpMethod.Post, _receiver.RecordsUrl) { Content = new ByteArrayContent(record) };
        mismatched.Content.Headers.TryAddWithoutValidation("Content-Type", CloudEvent.MediaType);
        mismatched.Headers.Add(RequestSignature.IdempotencyKeyHeader, "another:1");
        RequestSignature.Sign(mismatched, SampleRecords.HubKey, DateTimeOffset.UtcNow, record);
        var answer = await _http.SendAsync(mismatched);
        Assert.Equal(400, (int)answer.StatusCode);
        Assert.Contains("'another:1' differs from the event id", (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(await _receiver.ReceivedAsync(_http));
    }
}

/// <summary>The receiver posting status updates back to a hub endpoint guarded by <see cref="StatusCallbackVerifier"/>.</summary>
public sealed class StatusCallbackRoundTripTests : IAsyncLifetime, IDisposable
{
    private static readonly SigningKey CentreKey = new("centre-county-1", [.. Enumerable.Range(100, 32).Select(i => (byte)i)]);
    private readonly TempDirectory _directory = new("receiver");
    private readonly HttpClient _http = new();
    private readonly List<StatusUpdate> _applied = [];
    private LoopbackServer _hub = null!;
    private ReceiverProcess _receiver = null!;

    public async Task InitializeAsync()
    {
        var verifier = new StatusCallbackVerifier(
            new SignatureVerifier(new SigningKeyRing([CentreKey]), TimeSpan.FromMinutes(5), TimeProvider.System), new MemorySeenIds(TimeProvider.System), TimeProvider.System);
        _hub = await LoopbackServer.StartAsync(app => app.MapPost("/api/upstream/status", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            var verdict = verifier.Verify(request.Headers[RequestSignature.KeyIdHeader], request.Headers[RequestSignature.TimestampHeader],
                request.Headers[RequestSignature.SignatureHeader], body.ToArray());
            if (verdict.Outcome == CallbackOutcome.Accepted)
            {
                lock (_applied)
                    _applied.Add(verdict.Update!);
            }
            var (status, text) = verdict.ToResponse();
            return Results.Text(text, "application/json", statusCode: status);
        }));
        _receiver = await ReceiverProcess.StartAsync(_directory.Path, new Dictionary<string, string>
        {
            ["Keys:hub-yangguang-1"] = SampleRecords.Base64(SampleRecords.HubKey),
            ["Hub:StatusUrl"] = _hub.Url("api/upstream/status").ToString(),
            ["Hub:KeyId"] = CentreKey.Id,
            ["Hub:Secret"] = Convert.ToBase64String(CentreKey.Secret),
        });
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _hub.DisposeAsync();
    }

    public void Dispose()
    {
        _http.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task A_status_update_is_applied_once_and_its_replay_is_answered_but_not_applied()
    {
        var statusUrl = new Uri(_receiver.BaseUri, "api/status");
        var request = new { incidentId = "019c8a6e", status = "dispatched", note = "已派网格员 grid worker sent", centreReference = "ZZ-2026-0042", callbackId = "cb-1" };

        var first = await (await _http.PostAsJsonAsync(statusUrl, request)).Content.ReadFromJsonAsync<JsonElement>();
        var replay = await (await _http.PostAsJsonAsync(statusUrl, request)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(200, first.GetProperty("hubStatus").GetInt32());
        Assert.Equal("""{"applied":true}""", first.GetProperty("hubAnswer").GetString());
        Assert.Equal("""{"applied":false,"reason":"replayed"}""", replay.GetProperty("hubAnswer").GetString());
        var applied = Assert.Single(_applied);
        Assert.Equal(("019c8a6e", CentreStatus.Dispatched, "已派网格员 grid worker sent", "ZZ-2026-0042"), (applied.IncidentId, applied.Status, applied.Note, applied.CentreReference));
    }
}
