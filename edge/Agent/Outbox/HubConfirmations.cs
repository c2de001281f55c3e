using System.Collections.Concurrent;

namespace EdgeSecurity.Agent.Outbox;

/// <summary>
/// Lets a caller wait for the hub's confirmation that one event is stored (the installer's test alarm). The last
/// confirmed ids are remembered, so a confirmation that arrives before anyone waits is not missed.
/// </summary>
public sealed class HubConfirmations
{
    private const int Remembered = 1000;

    private readonly Lock _gate = new();
    private readonly Queue<Guid> _recent = new();
    private readonly HashSet<Guid> _stored = [];
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> _waiting = new();

    /// <summary>Called by the outbox sender for every event the hub says it has stored.</summary>
    public void Stored(Guid eventId)
    {
        lock (_gate)
        {
            if (_stored.Add(eventId))
            {
                _recent.Enqueue(eventId);
                if (_recent.Count > Remembered)
                    _stored.Remove(_recent.Dequeue());
            }
        }
        if (_waiting.TryRemove(eventId, out var waiter))
            waiter.TrySetResult();
    }

    /// <summary>True once the hub has confirmed the event, false when <paramref name="timeout"/> passes first.</summary>
    public async Task<bool> WaitAsync(Guid eventId, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var waiter = _waiting.GetOrAdd(eventId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (_gate)
        {
            if (_stored.Contains(eventId))
                waiter.TrySetResult();
        }
        try
        {
            await waiter.Task.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        finally
        {
            _waiting.TryRemove(eventId, out _);
        }
    }
}
