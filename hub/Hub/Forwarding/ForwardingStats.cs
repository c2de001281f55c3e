using System.Collections.Concurrent;
using EdgeSecurity.Upstream.Governance;

namespace EdgeSecurity.Hub.Forwarding;

/// <summary>Delivery attempts per upstream and status callbacks per outcome since this hub started, for GET /api/upstream.</summary>
public sealed record ForwardingStatsSnapshot(
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Attempts,
    long CallbacksApplied,
    long CallbacksReplayed,
    IReadOnlyDictionary<string, long> CallbacksRefused);

public sealed class ForwardingStats
{
    private readonly ConcurrentDictionary<(string Upstream, string Outcome), long> _attempts = new();
    private readonly ConcurrentDictionary<string, long> _refused = new(StringComparer.Ordinal);
    private long _applied;
    private long _replayed;

    public void Count(string upstream, DeliveryOutcome outcome) =>
        _attempts.AddOrUpdate((upstream, outcome switch
        {
            DeliveryOutcome.Delivered => "delivered",
            DeliveryOutcome.Dead => "dead",
            _ => "retryLater",
        }), 1, (_, n) => n + 1);

    public void Applied() => Interlocked.Increment(ref _applied);

    public void Replayed() => Interlocked.Increment(ref _replayed);

    /// <param name="reason">The refusal's wire code (bad_signature, stale_timestamp, ..., unknown_incident).</param>
    public void Refused(string reason) => _refused.AddOrUpdate(reason, 1, (_, n) => n + 1);

    public ForwardingStatsSnapshot Snapshot() => new(
        _attempts.GroupBy(a => a.Key.Upstream, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, long>)g.ToDictionary(a => a.Key.Outcome, a => a.Value, StringComparer.Ordinal), StringComparer.Ordinal),
        Interlocked.Read(ref _applied),
        Interlocked.Read(ref _replayed),
        _refused.ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal));
}
