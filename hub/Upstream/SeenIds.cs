namespace EdgeSecurity.Upstream;

/// <summary>
/// Ids already taken (status callbacks, GA/T 1400 notifications), remembered until a repeat could no longer arrive or
/// be accepted. The hub may back this with its database so that a restart does not forget; <see cref="MemorySeenIds"/>
/// keeps them in memory.
/// </summary>
public interface ISeenIds
{
    /// <summary>Records <paramref name="id"/> until <paramref name="forgetAfter"/>; false when it was already recorded.</summary>
    bool TryAdd(string id, DateTimeOffset forgetAfter);
}

public sealed class MemorySeenIds(TimeProvider time) : ISeenIds
{
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public int Count
    {
        get
        {
            lock (_gate)
                return _seen.Count;
        }
    }

    public bool TryAdd(string id, DateTimeOffset forgetAfter)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            foreach (var expired in _seen.Where(s => s.Value < now).Select(s => s.Key).ToList())
                _seen.Remove(expired);
            return _seen.TryAdd(id, forgetAfter);
        }
    }
}
