using EdgeSecurity.Contract;
using EdgeSecurity.Hub.Gateways;
using EdgeSecurity.Hub.Site;
using EdgeSecurity.Upstream;
using EdgeSecurity.Upstream.Viid;

namespace EdgeSecurity.Hub.Forwarding;

/// <summary>What GET /api/upstream/viid shows: the registration and the last upload of the device directory.</summary>
public sealed record ViidStatus(bool Registered, string? LastKeepalive, string? LastDirectoryUpload, DateTimeOffset? LastDirectoryUploadAt);

/// <summary>
/// Keeps the hub registered with the configured GA/T 1400 视图库 (<see cref="ViidKeepalive"/>) and uploads its device
/// directory: one APEObject per configured camera, its PlaceCode the code of its gateway's community in the site and
/// IsOnline its gateway's last status. Sent after the first registration and every <see cref="ViidSettings.DirectoryInterval"/>
/// (so online states stay current), again with backoff while the 视图库 cannot take it.
/// <para>
/// Structured objects (persons, motor vehicles, e-bikes with their images) are not uploaded yet: the edge's video
/// pipeline does not send detections with crops to the hub so far. When it does, they go through
/// <c>UpstreamImagePolicy</c> and <c>ViidClient.Upload*Async</c>, with ids made once and kept for retries.
/// </para>
/// </summary>
public sealed class ViidUplink(ViidSettings settings, SiteDirectory site, GatewayStore gateways, TimeProvider clock, ILogger<ViidUplink> logger) : BackgroundService
{
    private ViidKeepalive? _keepalive;
    private ViidClient? _client;
    private volatile string? _lastUpload;
    private DateTimeOffset? _lastUploadAt;

    public ViidStatus Status => new(_client?.IsRegistered ?? false, _keepalive?.LastResult?.Message, _lastUpload, _lastUploadAt);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var client = new ViidClient(http, settings.Client, clock);
        _client = client;
        _keepalive = new ViidKeepalive(client, settings.KeepaliveInterval, RetryPolicy.Default, clock);
        logger.LogInformation("Registering with the 视图库 {Uri} as {DeviceId}", settings.Client.BaseUri, settings.Client.DeviceId);
        await Task.WhenAll(_keepalive.RunAsync(stoppingToken), UploadDirectoryAsync(client, stoppingToken)).ConfigureAwait(false);
    }

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
