using EdgeSecurity.Contract;
using EdgeSecurity.Hub.Gateways;
using EdgeSecurity.Hub.Site;
using EdgeSecurity.Upstream;
using EdgeSecurity.Upstream.Viid;

namespace EdgeSecurity.Hub.Forwarding;

/// <summary>
/// What GET /api/upstream/viid shows: the registration, the last upload of the device directory, the last upload of
/// structured objects and the last push to a subscriber.
/// </summary>
public sealed record ViidStatus(bool Registered, string? LastKeepalive, string? LastDirectoryUpload, DateTimeOffset? LastDirectoryUploadAt,
    string? LastObjectUpload = null, string? LastNotification = null);

/// <summary>
/// Keeps the hub registered with the configured GA/T 1400 视图库 (<see cref="ViidKeepalive"/>) and uploads its device
/// directory: one APEObject per configured camera, its PlaceCode the code of its gateway's community in the site and
/// IsOnline its gateway's last status. Sent after the first registration and every <see cref="ViidSettings.DirectoryInterval"/>
/// (so online states stay current), again with backoff while the 视图库 cannot take it.
/// <para>
/// Structured objects from the cameras (<see cref="StructuredObjectStore"/>) are uploaded to /VIID/Persons,
/// /VIID/MotorVehicles and /VIID/NonMotorVehicles, each once: claimed, its id kept before the first attempt, marked
/// uploaded or rejected by the 视图库's status for its id, or tried again with backoff. Each active subscription of the
/// platform's (<see cref="ViidSubscriptionStore"/>) gets the objects of its kinds and cameras received since it was
/// made, pushed once to its ReceiveAddr; nothing after it is cancelled or has ended.
/// </para>
/// </summary>
public sealed class ViidUplink(ViidSettings settings, SiteDirectory site, GatewayStore gateways, StructuredObjectStore objects, ViidSubscriptionStore subscriptions,
    ViidObjectBuilder builder, TimeProvider clock, ILogger<ViidUplink> logger) : BackgroundService
{
    private const int BatchSize = 16;
    private static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(2);

    private ViidKeepalive? _keepalive;
    private ViidClient? _client;
    private volatile string? _lastUpload;
    private DateTimeOffset? _lastUploadAt;
    private volatile string? _lastObjectUpload;
    private volatile string? _lastNotification;

    public ViidStatus Status => new(_client?.IsRegistered ?? false, _keepalive?.LastResult?.Message, _lastUpload, _lastUploadAt, _lastObjectUpload, _lastNotification);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var client = new ViidClient(http, settings.Client, clock);
        _client = client;
        _keepalive = new ViidKeepalive(client, settings.KeepaliveInterval, RetryPolicy.Default, clock);
        logger.LogInformation("Registering with the 视图库 {Uri} as {DeviceId}", settings.Client.BaseUri, settings.Client.DeviceId);
        await Task.WhenAll(_keepalive.RunAsync(stoppingToken), UploadDirectoryAsync(client, stoppingToken), ObjectsAsync(client, stoppingToken)).ConfigureAwait(false);
    }

    /// <summary>Uploads due objects and serves subscriptions every <see cref="ViidSettings.ObjectInterval"/>, backing off while the 视图库 cannot take them.</summary>
    private async Task ObjectsAsync(ViidClient client, CancellationToken ct)
    {
        var failures = 0;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var ok = true;
                try
                {
                    if (client.IsRegistered)
                        ok = await UploadObjectsAsync(client, ct).ConfigureAwait(false);
                    ok &= await NotifySubscribersAsync(client, ct).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Structured objects for the 视图库 could not be handled; trying again later");
                    ok = false;
                }
                failures = ok ? 0 : failures + 1;
                await Task.Delay(ok ? settings.ObjectInterval : RetryPolicy.Default.DelayAfter(failures, null, Random.Shared.NextDouble()), clock, ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>One batch of due objects per kind; false when some must be sent again.</summary>
    private async Task<bool> UploadObjectsAsync(ViidClient client, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = await objects.ClaimDueAsync(now, ClaimLease, BatchSize, ct).ConfigureAwait(false);
        if (due.Count == 0)
            return true;
        var built = new List<(StoredObject Stored, ViidStructuredObject Object)>();
        foreach (var o in due)
        {
            if (builder.DeviceCodeOf(o) is not { } code)
            {
                await objects.CompleteAsync(o.ObjectId, StructuredObjectStore.Rejected,
                    $"camera {o.GatewayId}/{o.DeviceId} has no ApeID in {ViidSettings.Section}:Cameras (Device)", now, now, ct).ConfigureAwait(false);
                logger.LogWarning("Object {ObjectId} of camera {Gateway}/{Device} is not uploaded: the camera has no ApeID in {Section}:Cameras", o.ObjectId, o.GatewayId, o.DeviceId, ViidSettings.Section);
                continue;
            }
            var id = await objects.AssignViidIdAsync(o.ObjectId, builder.IdOf(o, code), ct).ConfigureAwait(false);
            try
            {
                built.Add((o, await builder.BuildAsync(o with { ViidId = id }, code, id, ct).ConfigureAwait(false)));
            }
            catch (ViidObjectUnavailableException e)
            {
                var status = e.Retry ? StructuredObjectStore.Pending : StructuredObjectStore.Rejected;
                await objects.CompleteAsync(o.ObjectId, status, e.Message, now, now + RetryPolicy.Default.DelayAfter(o.Attempts + 1, null, Random.Shared.NextDouble()), ct).ConfigureAwait(false);
                logger.LogWarning("Object {ObjectId}: {Problem}", o.ObjectId, e.Message);
            }
        }
        var allDone = true;
        var summary = new List<string>();
        foreach (var group in built.GroupBy(b => b.Stored.Kind))
        {
            var batch = group.ToList();
            var result = group.Key switch
            {
                ObjectKind.MotorVehicle => await client.UploadMotorVehiclesAsync([.. batch.Select(b => b.Object.MotorVehicle!)], ct).ConfigureAwait(false),
                ObjectKind.NonMotorVehicle => await client.UploadNonMotorVehiclesAsync([.. batch.Select(b => b.Object.NonMotorVehicle!)], ct).ConfigureAwait(false),
                _ => await client.UploadPersonsAsync([.. batch.Select(b => b.Object.Person!)], ct).ConfigureAwait(false),
            };
            summary.Add(result.Message);
            var completedAt = clock.GetUtcNow();
            foreach (var (stored, o) in batch)
            {
                if (result.Accepted.Contains(o.Id))
                    await objects.CompleteAsync(stored.ObjectId, StructuredObjectStore.Uploaded, null, completedAt, completedAt, ct).ConfigureAwait(false);
                else if (result.Rejected.FirstOrDefault(r => r.Id == o.Id) is { } refusal)
                {
                    logger.LogError("The 视图库 refused object {ObjectId} ({ViidId}): {StatusCode} {StatusString}", stored.ObjectId, o.Id, refusal.StatusCode, refusal.StatusString);
                    await objects.CompleteAsync(stored.ObjectId, StructuredObjectStore.Rejected, $"{refusal.StatusCode} {refusal.StatusString}", completedAt, completedAt, ct).ConfigureAwait(false);
                }
                else
                {
                    allDone = false;
                    var next = completedAt + RetryPolicy.Default.DelayAfter(stored.Attempts + 1, null, Random.Shared.NextDouble());
                    await objects.CompleteAsync(stored.ObjectId, StructuredObjectStore.Pending, result.Message, completedAt, next, ct).ConfigureAwait(false);
                }
            }
            if (result.RetryLater.Count > 0)
                logger.LogWarning("{Count} structured object(s) to send again: {Message}", result.RetryLater.Count, result.Message);
        }
        if (summary.Count > 0)
            _lastObjectUpload = $"{clock.GetUtcNow():O} {string.Join("; ", summary)}";
        return allDone;
    }

    /// <summary>Pushes each active subscription the objects it has not had yet; false when a push must be tried again.</summary>
    private async Task<bool> NotifySubscribersAsync(ViidClient client, CancellationToken ct)
    {
        var ok = true;
        var now = clock.GetUtcNow();
        foreach (var subscription in await subscriptions.ListAsync(ct).ConfigureAwait(false))
        {
            if (subscription.Status != ViidSubscriptionStore.Active || now < subscription.Begin || now > subscription.End)
                continue;
            var devices = subscription.Devices.Count == 0
                ? null
                : settings.Cameras.Where(c => subscription.Devices.Contains(c.ApeId) && c.Device is not null).Select(c => (c.Gateway, c.Device!)).ToHashSet();
            var candidates = await objects.UnnotifiedAsync(subscription.SubscribeId, subscription.Kinds, subscription.CreatedAt, BatchSize, ct).ConfigureAwait(false);
            var wanted = candidates.Where(o => devices is null || devices.Contains((o.GatewayId, o.DeviceId))).ToList();
            var skipped = candidates.Except(wanted).Select(o => o.ObjectId).ToList();
            if (skipped.Count > 0)
                await subscriptions.MarkAsync(subscription.SubscribeId, skipped, "not_subscribed", null, now, ct).ConfigureAwait(false);
            var built = new List<(StoredObject Stored, ViidStructuredObject Object)>();
            foreach (var o in wanted)
            {
                if (builder.DeviceCodeOf(o) is not { } code)
                {
                    await subscriptions.MarkAsync(subscription.SubscribeId, [o.ObjectId], "not_subscribed", "camera has no ApeID", now, ct).ConfigureAwait(false);
                    continue;
                }
                var id = await objects.AssignViidIdAsync(o.ObjectId, builder.IdOf(o, code), ct).ConfigureAwait(false);
                try
                {
                    built.Add((o, await builder.BuildAsync(o with { ViidId = id }, code, id, ct).ConfigureAwait(false)));
                }
                catch (ViidObjectUnavailableException e) when (!e.Retry)
                {
                    await subscriptions.MarkAsync(subscription.SubscribeId, [o.ObjectId], StructuredObjectStore.Rejected, e.Message, now, ct).ConfigureAwait(false);
                }
            }
            if (built.Count == 0)
                continue;
            var notifications = built.GroupBy(b => b.Stored.Kind).Select(g => Notification(subscription, g.Key, [.. g.Select(b => b.Object)], now)).ToList();
            var result = await client.NotifyAsync(subscription.ReceiveAddr, notifications, ct).ConfigureAwait(false);
            _lastNotification = $"{now:O} {subscription.SubscribeId}: {result.Outcome}: {built.Count} object(s); {result.Message}";
            switch (result.Outcome)
            {
                case ViidOutcome.Ok:
                    await subscriptions.MarkAsync(subscription.SubscribeId, built.Select(b => b.Stored.ObjectId), "sent", null, now, ct).ConfigureAwait(false);
                    break;
                case ViidOutcome.Rejected:
                    logger.LogError("The subscriber of {Subscription} refused {Count} object(s) for good: {Message}", ViidSubscriptionStore.Describe(subscription), built.Count, result.Message);
                    await subscriptions.MarkAsync(subscription.SubscribeId, built.Select(b => b.Stored.ObjectId), StructuredObjectStore.Rejected, result.Message, now, ct).ConfigureAwait(false);
                    break;
                default:
                    logger.LogWarning("Could not push {Count} object(s) to {Subscription}; trying again later: {Message}", built.Count, ViidSubscriptionStore.Describe(subscription), result.Message);
                    ok = false;
                    break;
            }
        }
        return ok;
    }

    private SubscribeNotificationObject Notification(ViidSubscription subscription, ObjectKind kind, IReadOnlyList<ViidStructuredObject> items, DateTimeOffset now) => new()
    {
        // 41 digits like the other ids: our platform code, "04" (notification), the time and a serial from the first object's id.
        NotificationID = $"{settings.Client.DeviceId}04{ViidTime.Format(now, settings.Client.LocalOffset)}{items[0].Id[^5..]}",
        SubscribeID = subscription.SubscribeId,
        Title = subscription.Title,
        TriggerTime = ViidTime.Format(now, settings.Client.LocalOffset),
        InfoIDs = string.Join(',', items.Select(i => i.Id)),
        PersonObjectList = kind == ObjectKind.Person ? new PersonListObject([.. items.Select(i => i.Person!)]) : null,
        MotorVehicleObjectList = kind == ObjectKind.MotorVehicle ? new MotorVehicleListObject([.. items.Select(i => i.MotorVehicle!)]) : null,
        NonMotorVehicleObjectList = kind == ObjectKind.NonMotorVehicle ? new NonMotorVehicleListObject([.. items.Select(i => i.NonMotorVehicle!)]) : null,
    };

    private async Task UploadDirectoryAsync(ViidClient client, CancellationToken ct)
    {
        var failures = 0;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                if (!client.IsRegistered)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), clock, ct).ConfigureAwait(false);
                    continue;
                }
                bool done;
                try
                {
                    done = await UploadOnceAsync(client, ct).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Could not prepare the device directory for the 视图库; trying again later");
                    done = false;
                }
                failures = done ? 0 : failures + 1;
                await Task.Delay(done ? settings.DirectoryInterval : RetryPolicy.Default.DelayAfter(failures, null, Random.Shared.NextDouble()), clock, ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>True when every camera was taken or refused for good; false when some must be sent again.</summary>
    private async Task<bool> UploadOnceAsync(ViidClient client, CancellationToken ct)
    {
        var current = site.Current;
        var states = (await gateways.ListAsync(ct).ConfigureAwait(false)).ToDictionary(g => g.GatewayId, g => g.State, StringComparer.Ordinal);
        var apes = new List<ApeObject>();
        foreach (var camera in settings.Cameras)
        {
            var community = current.GatewayCommunities.GetValueOrDefault(camera.Gateway) is { } id ? current.Place(id) : null;
            if (community?.Code is not { Length: 6 or 12 } placeCode)
            {
                logger.LogWarning("Camera {ApeId} is left out of the device directory: its gateway {Gateway} is not registered to a community with a 6- or 12-digit code in the site",
                    camera.ApeId, camera.Gateway);
                continue;
            }
            apes.Add(new ApeObject
            {
                ApeID = camera.ApeId,
                Name = camera.Name,
                Model = camera.Model,
                IPAddr = camera.IpAddress,
                Port = camera.Port,
                Longitude = camera.Longitude,
                Latitude = camera.Latitude,
                PlaceCode = placeCode,
                Place = community.Name,
                IsOnline = states.GetValueOrDefault(camera.Gateway) == GatewayState.Online ? "1" : "2",
            });
        }
        if (apes.Count == 0)
            return true;
        var result = await client.UploadApesAsync(apes, ct).ConfigureAwait(false);
        _lastUpload = $"{result.Outcome}: {result.Accepted.Count} accepted, {result.Rejected.Count} rejected, {result.RetryLater.Count} to retry; {result.Message}";
        _lastUploadAt = clock.GetUtcNow();
        foreach (var refusal in result.Rejected)
            logger.LogError("The 视图库 refused camera {ApeId}: {StatusCode} {StatusString}", refusal.Id, refusal.StatusCode, refusal.StatusString);
        if (result.RetryLater.Count > 0)
            logger.LogWarning("Device directory: {Count} camera(s) to send again: {Message}", result.RetryLater.Count, result.Message);
        return result.RetryLater.Count == 0;
    }
}
