using EdgeSecurity.Upstream.Viid;

namespace EdgeSecurity.Upstream.Tests.Viid;

/// <summary>Registration, keepalive, re-registration and time against the test 视图库.</summary>
public sealed class ViidRegistrationTests : IAsyncLifetime, IDisposable
{
    private readonly HttpClient _http = new();
    private ViidTestServer _server = null!;

    public async Task InitializeAsync() => _server = await ViidTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Registration_answers_the_digest_challenge_with_md5_and_qop_auth()
    {
        using var client = Client();

        var result = await client.RegisterAsync(CancellationToken.None);

        Assert.Equal((ViidOutcome.Ok, "registration: OK"), (result.Outcome, result.Message));
        Assert.True(client.IsRegistered);
        Assert.Equal(1, _server.Registrations);
        var fields = DigestParameters.Parse(Assert.Single(_server.Authorizations).AsSpan(7));
        Assert.Equal(("hub-yangguang", ViidTestServer.Realm, "/VIID/System/Register", "auth", "00000001", "MD5"),
            (fields["username"], fields["realm"], fields["uri"], fields["qop"], fields["nc"], fields["algorithm"]));
    }

    [Fact]
    public async Task A_wrong_password_is_rejected_and_uploads_wait_with_every_object_kept_for_later()
    {
        using var client = new ViidClient(_http, SampleObjects.Options(_server.BaseUri, password: "wrong"), TimeProvider.System);
        var person = SampleObjects.Person();

        var registration = await client.RegisterAsync(CancellationToken.None);
        var upload = await client.UploadPersonsAsync([person], CancellationToken.None);

        Assert.Equal((ViidOutcome.Rejected, 401), (registration.Outcome, registration.HttpStatus));
        Assert.Contains("refused user 'hub-yangguang' (wrong user name or password)", registration.Message, StringComparison.Ordinal);
        Assert.Equal(ViidOutcome.RetryLater, upload.Outcome);
        Assert.Equal([person.PersonID], upload.RetryLater);
        Assert.StartsWith("not registered with the 视图库", upload.Message, StringComparison.Ordinal);
        Assert.Equal(0, _server.Registrations);
    }

    [Fact]
    public async Task A_lapsed_registration_is_renewed_on_the_401_and_the_request_goes_through()
    {
        using var client = Client();
        await client.RegisterAsync(CancellationToken.None);
        _server.ForgetRegistrations();

        var upload = await client.UploadApesAsync([SampleObjects.Camera()], CancellationToken.None);

        Assert.Equal(ViidOutcome.Ok, upload.Outcome);
        Assert.Equal(2, _server.Registrations);
        Assert.Single(_server.Kept["APEs"]);
    }

    [Fact]
    public async Task A_stale_nonce_gets_a_fresh_one_without_failing_the_request()
    {
        using var client = Client();
        await client.RegisterAsync(CancellationToken.None);
        _server.ExpireNonces();
        _server.ForgetRegistrations();

        var keepalive = await client.KeepaliveAsync(CancellationToken.None);

        Assert.Equal(ViidOutcome.Ok, keepalive.Outcome);
        Assert.Equal(2, _server.Registrations);
        var nonces = _server.Authorizations.Select(a => DigestParameters.Parse(a.AsSpan(7))["nonce"]).ToList();
        Assert.Equal(2, nonces.Distinct().Count());
    }

    [Theory]
    [InlineData(500, "boom", ViidOutcome.RetryLater, "keepalive: HTTP 500: boom")]
    [InlineData(503, """{"ResponseStatusObject":{"StatusCode":2,"StatusString":"Device Busy"}}""", ViidOutcome.RetryLater, "keepalive: HTTP 503: 2 Device Busy")]
    [InlineData(200, "<html>proxy</html>", ViidOutcome.RetryLater, "keepalive: the answer is neither a ResponseStatusObject nor a ResponseStatusListObject: <html>proxy</html>")]
    [InlineData(200, """{"ResponseStatusObject":{"StatusString":"OK"}}""", ViidOutcome.RetryLater, "keepalive: a ResponseStatusObject has no StatusCode: {\"ResponseStatusObject\":{\"StatusString\":\"OK\"}}")]
    [InlineData(200, """{"ResponseStatusObject":{"StatusCode":"4","StatusString":"Invalid Operation"}}""", ViidOutcome.Rejected, "keepalive: StatusCode 4: Invalid Operation")]
    [InlineData(404, "no such path", ViidOutcome.Rejected, "keepalive: HTTP 404: no such path")]
    public async Task A_failed_keepalive_is_classified_and_marks_the_registration_lost(int status, string body, ViidOutcome outcome, string message)
    {
        using var client = Client();
        await client.RegisterAsync(CancellationToken.None);
        _server.Fault(status, body);

        var keepalive = await client.KeepaliveAsync(CancellationToken.None);

        Assert.Equal((outcome, message), (keepalive.Outcome, keepalive.Message));
        Assert.False(client.IsRegistered);
    }

    [Fact]
    public async Task The_keepalive_loop_keeps_alive_renews_lost_registrations_and_comes_back_after_an_outage()
    {
        using var client = Client(TimeSpan.FromSeconds(1));
        var loop = new ViidKeepalive(client, TimeSpan.FromMilliseconds(100), new RetryPolicy(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(400), 0.2), TimeProvider.System);
        using var stop = new CancellationTokenSource();
        var running = loop.RunAsync(stop.Token);

        await Poll.UntilAsync(() => Task.FromResult(_server.Keepalives), k => k >= 2, "keepalives");
        _server.ForgetRegistrations();
        await Poll.UntilAsync(() => Task.FromResult(_server.Registrations), r => r >= 2, "a renewed registration");
        var port = _server.Port;
        await _server.StopAsync();
        await Poll.UntilAsync(() => Task.FromResult(client.IsRegistered), r => !r, "the registration to be marked lost");
        Assert.Equal(ViidOutcome.RetryLater, loop.LastResult!.Outcome);
        await _server.RestartAsync(port);
        var keepalivesBefore = _server.Keepalives;
        await Poll.UntilAsync(() => Task.FromResult(_server.Keepalives), k => k > keepalivesBefore, "keepalives after the outage");

        await stop.CancelAsync();
        await running;
        Assert.True(_server.Registrations >= 3);
    }

    [Fact]
    public async Task Time_sync_reports_how_far_the_server_clock_is_and_garbage_is_a_clear_error()
    {
        using var client = Client();
        _server.ClockOffset = TimeSpan.FromHours(2);

        var skewed = await client.GetTimeAsync(CancellationToken.None);
        _server.Fault(200, """{"SystemTimeObject":{"LocalTime":"yesterday"}}""");
        var garbage = await client.GetTimeAsync(CancellationToken.None);

        Assert.Equal(ViidOutcome.Ok, skewed.Result.Outcome);
        Assert.InRange(skewed.Offset!.Value, TimeSpan.FromHours(2) - TimeSpan.FromSeconds(3), TimeSpan.FromHours(2) + TimeSpan.FromSeconds(3));
        Assert.Matches(@"^the 视图库's clock is \+7(19\d|20\d)(\.\d)? s from ours$", skewed.Result.Message);
        Assert.Equal(ViidOutcome.RetryLater, garbage.Result.Outcome);
        Assert.Contains("not a SystemTimeObject with LocalTime yyyyMMddHHmmss", garbage.Result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unregistering_ends_the_registration()
    {
        using var client = Client();
        await client.RegisterAsync(CancellationToken.None);

        var result = await client.UnregisterAsync(CancellationToken.None);

        Assert.Equal(ViidOutcome.Ok, result.Outcome);
        Assert.False(client.IsRegistered);
    }

    private ViidClient Client(TimeSpan? timeout = null) => new(_http, SampleObjects.Options(_server.BaseUri, timeout: timeout), TimeProvider.System);
}
