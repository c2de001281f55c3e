using EdgeSecurity.Contract;

namespace EdgeSecurity.Hub.Ingestion;

/// <summary>What ingestion did with each message since the hub started; updated from the MQTT consumer, read by the API.</summary>
public sealed class IngestStats
{
    /// <summary>Kinds the hub consumes; commands are its own outgoing traffic and only counted as ignored.</summary>
    private static readonly TopicKind[] ConsumedKinds = [TopicKind.Events, TopicKind.Status, TopicKind.Heartbeat, TopicKind.State, TopicKind.Telemetry, TopicKind.Evidence, TopicKind.Objects];

    private readonly long[] _accepted = new long[Enum.GetValues<TopicKind>().Length];
    private readonly long[] _rejected = new long[Enum.GetValues<RejectionReason>().Length];
    private long _duplicateEvents;
    private long _ignored;
    private long _failed;

    public void Accepted(TopicKind kind) => Interlocked.Increment(ref _accepted[(int)kind]);

    public void Rejected(RejectionReason reason) => Interlocked.Increment(ref _rejected[(int)reason]);

    /// <summary>A valid event whose eventId already has an incident (an MQTT redelivery or an edge retry).</summary>
    public void DuplicateEvent() => Interlocked.Increment(ref _duplicateEvents);

    public void Ignored() => Interlocked.Increment(ref _ignored);

    /// <summary>A valid message the hub could not store (e.g. disk full); it is logged as an error.</summary>
    public void Failed() => Interlocked.Increment(ref _failed);

    public IngestStatsSnapshot Snapshot() => new(
        ConsumedKinds.ToDictionary(ApiNames.Of, k => Interlocked.Read(ref _accepted[(int)k])),
        Enum.GetValues<RejectionReason>().ToDictionary(ApiNames.Of, r => Interlocked.Read(ref _rejected[(int)r])),
        Interlocked.Read(ref _duplicateEvents),
        Interlocked.Read(ref _ignored),
        Interlocked.Read(ref _failed));
}

/// <summary>Counters keyed by the lowercase topic kind and rejection reason, every key always present.</summary>
public sealed record IngestStatsSnapshot(
    IReadOnlyDictionary<string, long> Accepted,
    IReadOnlyDictionary<string, long> Rejected,
    long DuplicateEvents,
    long Ignored,
    long Failed);
