namespace EdgeSecurity.Agent.Outbox;

/// <summary>
/// The devices of one priority that may have messages waiting, served in turn, and for each the last sequence number
/// handed out. Taking turns means a long backlog of one device never holds up a new message of another; the cursor
/// keeps each device's messages in order.
/// </summary>
internal sealed class DeviceTurns
{
    private readonly Queue<string> _turns = new();
    private readonly HashSet<string> _queued = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _cursors = new(StringComparer.Ordinal);

    /// <summary>The device has a new message: it gets a turn unless it has one already.</summary>
    public void Wake(string deviceId)
    {
        if (_queued.Add(deviceId))
            _turns.Enqueue(deviceId);
    }

    /// <summary>Removes the device whose turn it is; <see cref="Served"/> or <see cref="Exhausted"/> must follow.</summary>
    public bool TryTakeTurn(out string deviceId, out long cursor)
    {
        if (!_turns.TryDequeue(out deviceId!))
        {
            cursor = 0;
            return false;
        }
        cursor = _cursors.GetValueOrDefault(deviceId);
        return true;
    }

    /// <summary>The device's message <paramref name="seq"/> was handed out; the device goes to the back of the line.</summary>
    public void Served(string deviceId, long seq)
    {
        _cursors[deviceId] = seq;
        _turns.Enqueue(deviceId);
    }

    /// <summary>The device had nothing after its cursor: it waits for <see cref="Wake"/>.</summary>
    public void Exhausted(string deviceId) => _queued.Remove(deviceId);
}
