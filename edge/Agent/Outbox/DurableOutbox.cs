using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Contract;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Agent.Outbox;

/// <summary>
/// The durable queue between the devices and the broker. <see cref="Add"/> returns once the message is on disk;
/// <see cref="TakeNext"/> hands messages to the sender by priority, devices taking turns within a priority and each
/// device's messages in order; a message leaves the file only when the sender reports it delivered. When the quota is
/// reached, waiting telemetry is thinned; events and states are never dropped, the quota is exceeded instead.
/// Thread-safe: devices add from their own threads while the sender takes and completes.
/// </summary>
public sealed class DurableOutbox : IDisposable
{
    // Held in memory only when the disk fails; the bound keeps a long disk failure from exhausting memory.
    private const int MaxUnstoredPerPriority = 10_000;
    private static readonly OutboxPriority[] Priorities = Enum.GetValues<OutboxPriority>();

    private readonly Lock _gate = new();
    private readonly OutboxDatabase _database;
    private readonly long _maxBytes;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly DeviceTurns[] _turns = [new(), new(), new()];
    private readonly Queue<OutboxEntry>[] _unstored = [new(), new(), new()];
    private readonly HashSet<long> _handedOut = [];
    private readonly long[] _counts;
    private long _bytes;
    private long _thinned;
    private long _nextUnstoredSeq = -1;
    private bool _overQuotaReported;

    private DurableOutbox(OutboxDatabase database, OutboxConfig config, TimeProvider time, ILogger<DurableOutbox> logger)
    {
        _database = database;
        _maxBytes = config.MaxBytes;
        _time = time;
        _logger = logger;
        (_counts, _bytes) = database.Totals();
        _thinned = database.Thinned();
        foreach (var (priority, deviceId) in database.Queues())
            _turns[(int)priority].Wake(deviceId);
        if (database.ReplacedUnreadableFile is { } replaced)
        {
            _logger.LogError("The outbox {Path} was unreadable ({Reason}); moved it to {MovedTo} and started an empty outbox. "
                + "Messages it held are not sent; inspect the moved file with sqlite3", database.Path, replaced.Reason, replaced.MovedTo);
        }
    }

    /// <summary>Raised after a message was added, outside the lock, so the sender can wake up.</summary>
    public event EventHandler? Added;

    public string Path => _database.Path;

    public UnreadableOutbox? ReplacedUnreadableFile => _database.ReplacedUnreadableFile;

    public bool IsEmpty
    {
        get
        {
            lock (_gate)
                return _counts.All(count => count == 0);
        }
    }

    /// <exception cref="AgentStartupException">The outbox file cannot be opened or created.</exception>
    public static DurableOutbox Open(OutboxConfig config, TimeProvider time, ILogger<DurableOutbox> logger)
    {
        var database = OutboxDatabase.Open(config.Path, time);
        try
        {
            return new DurableOutbox(database, config, time, logger);
        }
        catch (SqliteException e)
        {
            database.Dispose();
            throw new AgentStartupException($"cannot read the outbox {config.Path}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Stores the message (one fsync) and returns it as queued; null for telemetry that was thinned at once because the
    /// quota is full of what ranks higher. Never throws: if the disk fails, the message is kept in memory and an error logged.
    /// </summary>
    public OutboxEntry? Add(OutboxMessage message)
    {
        OutboxEntry? entry;
        lock (_gate)
            entry = AddLocked(message);
        if (entry is not null)
            Added?.Invoke(this, EventArgs.Empty);
        return entry;
    }

    /// <summary>
    /// The next message to publish of <paramref name="lowest"/> priority or a more urgent one, or null when none waits.
    /// It stays in the outbox until completed.
    /// </summary>
    public OutboxEntry? TakeNext(OutboxPriority lowest = OutboxPriority.Telemetry)
    {
        lock (_gate)
        {
            foreach (var priority in Priorities.Where(p => p <= lowest))
            {
                if (TakeNextLocked(priority) is { } entry)
                {
                    _handedOut.Add(entry.Seq);
                    return entry;
                }
            }
            return null;
        }
    }

    /// <summary>The messages were delivered (acknowledged by the broker, or, with a hub-ack id, by the hub): they leave the outbox.</summary>
    public void Complete(IReadOnlyCollection<OutboxEntry> entries)
    {
        if (entries.Count == 0)
            return;
        lock (_gate)
        {
            foreach (var entry in entries)
                _handedOut.Remove(entry.Seq);
            foreach (var unstored in entries.Where(e => !e.IsStored))
                Forget(unstored.Message);
            try
            {
                Account(_database.Delete([.. entries.Where(e => e.IsStored).Select(e => e.Seq)]));
            }
            catch (SqliteException e)
            {
                _logger.LogError("Could not remove {Count} delivered messages from the outbox; they will be sent again after a restart: {Error}", entries.Count, e.Message);
            }
        }
    }

    /// <summary>
    /// The hub confirmed events or telemetry points that are not out for delivery now (sent before a restart, for
    /// instance): they leave the outbox without being sent again.
    /// </summary>
    public void CompleteWaiting(IReadOnlyCollection<Guid> hubAckIds)
    {
        if (hubAckIds.Count == 0)
            return;
        lock (_gate)
        {
            try
            {
                Account(_database.DeleteConfirmed(hubAckIds));
            }
            catch (SqliteException e)
            {
                _logger.LogError("Could not remove {Count} confirmed messages from the outbox; they will be sent again: {Error}", hubAckIds.Count, e.Message);
            }
        }
    }

    public OutboxBacklog Backlog()
    {
        lock (_gate)
        {
            DateTimeOffset? oldest = null;
            try
            {
                oldest = _database.OldestCreatedAt();
            }
            catch (SqliteException e)
            {
                _logger.LogWarning("Could not read the age of the outbox's oldest message: {Error}", e.Message);
            }
            foreach (var unstored in _unstored.Where(q => q.Count > 0).Select(q => q.Peek().CreatedAt))
                oldest = oldest is null || unstored < oldest ? unstored : oldest;
            var age = oldest is { } at ? (long)Math.Max(0, (_time.GetUtcNow() - at).TotalSeconds) : 0;
            return new OutboxBacklog(_counts[0], _counts[1], _counts[2], age, _thinned);
        }
    }

    public void Dispose() => _database.Dispose();

    private OutboxEntry? AddLocked(OutboxMessage message)
    {
        var size = message.StoredBytes;
        if (_bytes + size > _maxBytes)
            ThinUntilItFits(size);
        if (_bytes + size > _maxBytes)
        {
            if (message.Priority == OutboxPriority.Telemetry)
            {
                CountThinned();
                return null;
            }
            if (!_overQuotaReported)
            {
                _overQuotaReported = true;
                _logger.LogError("The outbox holds {Bytes} bytes, its quota is {Quota}: no telemetry is left to thin, and events and states "
                    + "are never dropped, so it grows beyond the quota. Is the broker or the hub unreachable?", _bytes, _maxBytes);
            }
        }
        else
        {
            _overQuotaReported = false;
        }

        var now = _time.GetUtcNow();
        OutboxEntry entry;
        try
        {
            entry = new OutboxEntry(_database.Insert(message, now), message, now);
            _turns[(int)message.Priority].Wake(message.DeviceId);
        }
        catch (SqliteException e)
        {
            entry = new OutboxEntry(_nextUnstoredSeq--, message, now);
            KeepUnstored(entry, e);
        }
        _counts[(int)message.Priority]++;
        _bytes += size;
        return entry;
    }

    private OutboxEntry? TakeNextLocked(OutboxPriority priority)
    {
        if (_unstored[(int)priority].TryDequeue(out var unstored))
            return unstored;
        var turns = _turns[(int)priority];
        while (turns.TryTakeTurn(out var deviceId, out var cursor))
        {
            OutboxEntry? next;
            try
            {
                next = _database.Next(priority, deviceId, cursor);
            }
            catch (SqliteException e)
            {
                // The device keeps its place; the sender asks again at its next tick.
                turns.Served(deviceId, cursor);
                _logger.LogError("Could not read the outbox: {Error}", e.Message);
                return null;
            }
            if (next is null)
            {
                turns.Exhausted(deviceId);
                continue;
            }
            turns.Served(deviceId, next.Seq);
            return next;
        }
        return null;
    }

    /// <summary>Downsamples waiting telemetry, halving it per device each round, until the new message fits or none is left to thin.</summary>
    private void ThinUntilItFits(long size)
    {
        try
        {
            while (_bytes + size > _maxBytes && _counts[(int)OutboxPriority.Telemetry] > 0)
            {
                var removed = _database.ThinTelemetry([.. _handedOut.Where(seq => seq > 0)]);
                if (removed.Seqs.Count == 0)
                    return;
                Account(removed);
                _thinned += removed.Seqs.Count;
                _logger.LogWarning("The outbox reached its quota of {Quota} bytes: thinned {Count} waiting telemetry points (every second one per device); "
                    + "{Thinned} thinned so far", _maxBytes, removed.Seqs.Count, _thinned);
            }
        }
        catch (SqliteException e)
        {
            _logger.LogError("Could not thin the outbox's telemetry: {Error}", e.Message);
        }
    }

    private void CountThinned()
    {
        _thinned++;
        try
        {
            _database.CountThinned(1);
        }
        catch (SqliteException e)
        {
            _logger.LogError("Could not count a thinned telemetry point in the outbox: {Error}", e.Message);
        }
    }

    private void KeepUnstored(OutboxEntry entry, SqliteException error)
    {
        var queue = _unstored[(int)entry.Message.Priority];
        _logger.LogError("Could not store {Message} in the outbox ({Error}): it is kept in memory only and lost if the agent stops before it is delivered",
            entry.Message, error.Message);
        if (queue.Count >= MaxUnstoredPerPriority && queue.TryDequeue(out var dropped))
        {
            Forget(dropped.Message);
            _logger.LogError("{Max} messages of priority {Priority} wait in memory: dropped {Message}", MaxUnstoredPerPriority, entry.Message.Priority, dropped.Message);
        }
        queue.Enqueue(entry);
    }

    private void Forget(OutboxMessage message)
    {
        _counts[(int)message.Priority]--;
        _bytes -= message.StoredBytes;
    }

    private void Account(RemovedRows removed)
    {
        for (var i = 0; i < _counts.Length; i++)
            _counts[i] -= removed.CountByPriority[i];
        _bytes -= removed.Bytes;
    }
}
