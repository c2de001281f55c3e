using System.Text.Json;
using EdgeSecurity.Upstream.Tests.Infrastructure;
using EdgeSecurity.Upstream.Viid;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EdgeSecurity.Upstream.Tests.Viid;

/// <summary>Structured objects, the device directory and subscriptions against the test 视图库.</summary>
public sealed class ViidUploadTests : IAsyncLifetime, IDisposable
{
    private readonly HttpClient _http = new();
    private ViidTestServer _server = null!;
    private ViidClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await ViidTestServer.StartAsync();
        _client = new ViidClient(_http, SampleObjects.Options(_server.BaseUri), TimeProvider.System);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose()
    {
        _client.Dispose();
        _http.Dispose();
    }

    [Fact]
    public async Task Persons_vehicles_e_bikes_and_cameras_arrive_with_the_standards_field_names()
    {
        var person = SampleObjects.Person();
        var car = SampleObjects.MotorVehicle();
        var bike = SampleObjects.EBike();

        var results = new[]
        {
            await _client.UploadPersonsAsync([person], CancellationToken.None),
            await _client.UploadMotorVehiclesAsync([car], CancellationToken.None),
            await _client.UploadNonMotorVehiclesAsync([bike], CancellationToken.None),
            await _client.UploadApesAsync([SampleObjects.Camera()], CancellationToken.None),
        };

        Assert.All(results, r => Assert.Equal(ViidOutcome.Ok, r.Outcome));
        Assert.Equal([person.PersonID], results[0].Accepted);
        var kept = _server.Kept["Persons"][person.PersonID];
        var image = kept.GetProperty("SubImageList").GetProperty("SubImageInfoObject")[0];
        Assert.Equal(("14", "Jpeg", "20261122231500"), (image.GetProperty("Type").GetString(), image.GetProperty("FileFormat").GetString(), image.GetProperty("ShotTime").GetString()));
        Assert.Equal(SampleJpeg.Bytes, Convert.FromBase64String(image.GetProperty("Data").GetString()!));
        Assert.Equal("浙B12345", _server.Kept["MotorVehicles"][car.MotorVehicleID].GetProperty("PlateNo").GetString());
        Assert.False(_server.Kept["NonMotorVehicles"][bike.NonMotorVehicleID].GetProperty("HasPlate").GetBoolean());
        var ape = _server.Kept["APEs"][SampleObjects.CameraId];
        Assert.Equal(("192.168.10.31", 554), (ape.GetProperty("IPAddr").GetString(), ape.GetProperty("Port").GetInt32()));
        Assert.False(ape.TryGetProperty("OrgCode", out _));
    }

    [Fact]
    public async Task An_invalid_object_is_rejected_with_the_servers_reason_and_the_rest_of_the_batch_is_taken()
    {
        var good = SampleObjects.Person();
        var noImage = SampleObjects.Person() with { SubImageList = null };
        var badBox = SampleObjects.Person() with { RightBtmX = 0 };

        var result = await _client.UploadPersonsAsync([good, noImage, badBox], CancellationToken.None);

        Assert.True(result.Outcome == ViidOutcome.Rejected, result.Message);
        Assert.Equal([good.PersonID], result.Accepted);
        Assert.Equal(
            [(noImage.PersonID, 8, "Invalid JSON Content: SubImageList with at least one SubImageInfoObject is required"), (badBox.PersonID, 8, "Invalid JSON Content: LeftTopX/Y and RightBtmX/Y must give a box")],
            result.Rejected.Select(r => (r.Id, r.StatusCode, r.StatusString)));
        Assert.Empty(result.RetryLater);
        Assert.Single(_server.Kept["Persons"]);
    }

    [Fact]
    public async Task A_slow_server_means_retry_later_and_the_retry_with_the_same_ids_leaves_one_copy_each()
    {
        var persons = new[] { SampleObjects.Person(), SampleObjects.Person() };
        using var impatient = new ViidClient(_http, SampleObjects.Options(_server.BaseUri, timeout: TimeSpan.FromMilliseconds(500)), TimeProvider.System);
        Assert.True((await _client.RegisterAsync(CancellationToken.None)).IsOk);
        Assert.True((await impatient.RegisterAsync(CancellationToken.None)).IsOk);
        var release = new TaskCompletionSource();
        _server.Fault(_ => release.Task);

        var slow = await impatient.UploadPersonsAsync(persons, CancellationToken.None);
        release.SetResult();
        var retry = await impatient.UploadPersonsAsync(persons, CancellationToken.None);
        var again = await impatient.UploadPersonsAsync(persons, CancellationToken.None);

        Assert.Equal(ViidOutcome.RetryLater, slow.Outcome);
        Assert.Equal(persons.Select(p => p.PersonID), slow.RetryLater);
        Assert.Contains("no answer within 0.5 s", slow.Message, StringComparison.Ordinal);
        Assert.Equal(ViidOutcome.Ok, retry.Outcome);
        Assert.Equal(ViidOutcome.Ok, again.Outcome);
        Assert.Equal(2, _server.Kept["Persons"].Count);
    }

    [Theory]
    [InlineData(500, "", ViidOutcome.RetryLater)]
    [InlineData(429, "", ViidOutcome.RetryLater)]
    [InlineData(200, "not json at all", ViidOutcome.RetryLater)]
    [InlineData(200, """{"ResponseStatusListObject":{"ResponseStatusObject":[{"Id":"someone-else","StatusCode":0}]}}""", ViidOutcome.RetryLater)]
    [InlineData(200, """{"ResponseStatusObject":{"StatusCode":3,"StatusString":"Device Error"}}""", ViidOutcome.RetryLater)]
    [InlineData(400, """{"ResponseStatusObject":{"StatusCode":7,"StatusString":"Invalid JSON Format"}}""", ViidOutcome.Rejected)]
    public async Task Bad_answers_to_an_upload_keep_every_object_in_exactly_one_list(int status, string body, ViidOutcome outcome)
    {
        var person = SampleObjects.Person();
        await _client.RegisterAsync(CancellationToken.None);
        _server.Fault(status, body);

        var result = await _client.UploadPersonsAsync([person], CancellationToken.None);

        Assert.Equal(outcome, result.Outcome);
        Assert.Equal([person.PersonID], result.RetryLater.Concat(result.Rejected.Select(r => r.Id)).Concat(result.Accepted));
        Assert.Equal(outcome == ViidOutcome.RetryLater ? 1 : 0, result.RetryLater.Count);
    }

    [Fact]
    public async Task A_401_that_outlives_a_fresh_registration_keeps_the_objects_and_a_413_names_the_http_refusal()
    {
        var person = SampleObjects.Person();
        await _client.RegisterAsync(CancellationToken.None);
        _server.Fault(401, "no", "/VIID/Persons");
        _server.Fault(401, "still no", "/VIID/Persons");
        _server.Fault(413, "Request Entity Too Large", "/VIID/Persons");

        var unauthorised = await _client.UploadPersonsAsync([person], CancellationToken.None);
        var tooLarge = await _client.UploadPersonsAsync([person], CancellationToken.None);

        Assert.Equal((ViidOutcome.RetryLater, "/VIID/Persons: HTTP 401: still no"), (unauthorised.Outcome, unauthorised.Message));
        Assert.Equal([person.PersonID], unauthorised.RetryLater);
        Assert.Equal(2, _server.Registrations);
        Assert.Equal(new ObjectRefusal(person.PersonID, null, "/VIID/Persons: HTTP 413: Request Entity Too Large"), Assert.Single(tooLarge.Rejected));
    }

    [Fact]
    public async Task A_server_that_is_down_leaves_the_objects_for_later()
    {
        var person = SampleObjects.Person();
        await _client.RegisterAsync(CancellationToken.None);
        await _server.StopAsync();

        var result = await _client.UploadPersonsAsync([person], CancellationToken.None);
        await _server.RestartAsync(_server.Port);

        Assert.Equal(ViidOutcome.RetryLater, result.Outcome);
        Assert.Equal([person.PersonID], result.RetryLater);
        Assert.Contains("could not reach", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_subscription_brings_notifications_to_the_receive_address_once_each_until_it_is_cancelled()
    {
        var received = new List<SubscribeNotificationObject>();
        var receiver = new ViidNotificationReceiver(new MemorySeenIds(TimeProvider.System), TimeSpan.FromDays(1), SampleObjects.ChinaTime, TimeProvider.System);
        await using var receiveAddr = await LoopbackServer.StartAsync(app => app.MapPost("/VIID/SubscribeNotifications", async (HttpContext c) =>
        {
            using var body = new MemoryStream();
            await c.Request.Body.CopyToAsync(body);
            var receipt = receiver.Receive(body.ToArray(), c.Request.Path);
            lock (received)
                received.AddRange(receipt.Fresh);
            c.Response.StatusCode = receipt.HttpStatus;
            c.Response.ContentType = "application/VIID+JSON";
            await c.Response.Body.WriteAsync(receipt.ResponseBody);
        }));
        var ids = new ViidIdGenerator(SampleObjects.ChinaTime);
        var subscription = new SubscribeObject
        {
            SubscribeID = ids.SubscribeId(SampleObjects.PlatformId, DateTimeOffset.UtcNow),
            Title = "阳光花园人员 persons of 阳光花园",
            SubscribeDetail = "11",
            ResourceURI = SampleObjects.CameraId,
            ApplicantName = "hub",
            ApplicantOrg = "阳光花园物业",
            BeginTime = ViidTime.Format(DateTimeOffset.UtcNow, SampleObjects.ChinaTime),
            EndTime = ViidTime.Format(DateTimeOffset.UtcNow.AddDays(1), SampleObjects.ChinaTime),
            ReceiveAddr = receiveAddr.Url("VIID/SubscribeNotifications").ToString(),
            Reason = "社区安防 community security",
        };

        var subscribed = await _client.SubscribeAsync(subscription, CancellationToken.None);
        var first = await _server.NotifyAsync(_http, subscription.SubscribeID, "n-1", [SampleObjects.Person()]);
        var resent = await _server.NotifyAsync(_http, subscription.SubscribeID, "n-1", [SampleObjects.Person()]);
        var cancelled = await _client.CancelSubscriptionAsync(subscription, CancellationToken.None);

        Assert.Equal(ViidOutcome.Ok, subscribed.Outcome);
        Assert.Equal(200, first.Status);
        Assert.Equal(0, JsonDocument.Parse(first.Body).RootElement.GetProperty("ResponseStatusListObject").GetProperty("ResponseStatusObject")[0].GetProperty("StatusCode").GetInt32());
        Assert.Equal(200, resent.Status);
        var notification = Assert.Single(received);
        Assert.Equal(("n-1", 1), (notification.NotificationID, ViidNotificationReceiver.ObjectCount(notification)));
        Assert.Equal(ViidOutcome.Ok, cancelled.Outcome);
        Assert.Equal(1, _server.Subscription(subscription.SubscribeID)!.OperateType);
        await Assert.ThrowsAsync<InvalidOperationException>(() => _server.NotifyAsync(_http, subscription.SubscribeID, "n-2", []));
    }

    [Fact]
    public void Garbage_at_the_receive_address_is_answered_with_a_status_and_passes_nothing_on()
    {
        var receiver = new ViidNotificationReceiver(new MemorySeenIds(TimeProvider.System), TimeSpan.FromDays(1), SampleObjects.ChinaTime, TimeProvider.System);

        var garbage = receiver.Receive("{\"SubscribeNotificationListObject\":"u8, "/VIID/SubscribeNotifications");
        var noIds = receiver.Receive("""{"SubscribeNotificationListObject":{"SubscribeNotificationObject":[{"TriggerTime":"20261122231500"}]}}"""u8, "/VIID/SubscribeNotifications");

        Assert.Equal(400, garbage.HttpStatus);
        Assert.Contains("\"StatusCode\":7", System.Text.Encoding.UTF8.GetString(garbage.ResponseBody), StringComparison.Ordinal);
        Assert.Empty(garbage.Fresh);
        Assert.Equal(200, noIds.HttpStatus);
        Assert.Contains("\"StatusCode\":8", System.Text.Encoding.UTF8.GetString(noIds.ResponseBody), StringComparison.Ordinal);
        Assert.Empty(noIds.Fresh);
    }
}
