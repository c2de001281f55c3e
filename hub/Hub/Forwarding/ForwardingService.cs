using EdgeSecurity.Upstream.Governance;

namespace EdgeSecurity.Hub.Forwarding;

/// <summary>
/// Delivers the outbox to each upstream: claims the next due revision, posts it with <see cref="GovernanceSender"/>,
/// and stores the outcome: delivered, due again after the upstream's backoff, or dead (a 4xx: it waits for an admin's
/// retry). One loop per upstream, so a slow or absent centre never holds up another. What a killed hub was sending is
/// claimed again once its lease runs out and sent with the same idempotency key, which the centre recognises.
/// </summary>
public sealed class ForwardingService(ForwardingOutbox outbox, IReadOnlyList<UpstreamSettings> upstreams, ForwardingStats stats, TimeProvider clock,
    IConfiguration configuration, ILogger<ForwardingService> logger) : BackgroundService
{
    public const string PollIntervalKey = "Hub:Forwarding:PollInterval";

    private readonly string _claimant = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = configuration.GetValue(PollIntervalKey, TimeSpan.FromSeconds(1));
        return Task.WhenAll(upstreams.Select(u => DeliverAsync(u, interval, stoppingToken)));
    }

    private async Task DeliverAsync(UpstreamSettings upstream, TimeSpan interval, CancellationToken stoppingToken)
    {
        using var http = new HttpClient(GovernanceSender.CreateHandler(upstream.Sender)) { Timeout = Timeout.InfiniteTimeSpan };
        var sender = new GovernanceSender(http, upstream.Sender, clock);
        // Twice the longest attempt: a live hub never loses its claim mid-request, and a killed hub's claim lapses soon.
        var lease = 2 * upstream.Sender.RequestTimeout;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await DeliverOneAsync(upstream, sender, lease, stoppingToken).ConfigureAwait(false))
                    continue;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Forwarding to {Upstream} failed; trying again in {Interval}", upstream.Name, interval);
            }
            try
            {
                await Task.Delay(interval, clock, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Sends one due revision; false when none was due.</summary>
    private async Task<bool> DeliverOneAsync(UpstreamSettings upstream, GovernanceSender sender, TimeSpan lease, CancellationToken ct)
    {
        var claimed = await outbox.ClaimNextAsync(upstream.Name, _claimant, clock.GetUtcNow(), lease, ct).ConfigureAwait(false);
        if (claimed is null)
            return false;
        var result = await sender.SendAsync(claimed.Record, ct).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        DateTimeOffset? retryAt = result.Outcome == DeliveryOutcome.RetryLater
            ? now + upstream.Retry.DelayAfter(claimed.Attempts + 1, result.RetryAfter, Random.Shared.NextDouble())
            : null;
        if (!await outbox.CompleteAsync(claimed, _claimant, result, now, retryAt, ct).ConfigureAwait(false))
        {
            logger.LogWarning("Record {Key} for {Upstream}: the claim ran out during the attempt ({Message}); another attempt owns it now",
                claimed.Record.IdempotencyKey, upstream.Name, result.Message);
            return true;
        }
        stats.Count(upstream.Name, result.Outcome);
        switch (result.Outcome)
        {
            case DeliveryOutcome.Delivered:
                logger.LogInformation("Record {Key} ({Type}, {State}) delivered to {Upstream}: {Message}",
                    claimed.Record.IdempotencyKey, claimed.Record.Type, claimed.Record.State, upstream.Name, result.Message);
                break;
            case DeliveryOutcome.Dead:
                logger.LogError("Record {Key} refused for good by {Upstream}: {Message}. It is in the dead letters (GET /api/upstream/dead-letters); later revisions of the incident wait behind it",
                    claimed.Record.IdempotencyKey, upstream.Name, result.Message);
                break;
            default:
                logger.LogWarning("Record {Key} not delivered to {Upstream} (attempt {Attempt}): {Message}; next attempt at {RetryAt:O}",
                    claimed.Record.IdempotencyKey, upstream.Name, claimed.Attempts + 1, result.Message, retryAt);
                break;
        }
        return true;
    }
}
