using System.Threading.Tasks.Sources;

namespace EdgeSecurity.Video;

/// <summary>
/// Decoded frames waiting for the one consumer. When it is full the oldest frame gives way, since a live consumer wants
/// the newest picture. Unlike a channel, waiting with a cancellable token reuses one awaitable, so a consumer that is
/// faster than the camera, and so waits for every frame, allocates nothing per frame.
/// </summary>
internal sealed class FrameQueue : IValueTaskSource<bool>
{
    private readonly PooledFrame[] _items;
    private readonly Action<PooledFrame> _dropped;
    private readonly Lock _lock = new();
    private ManualResetValueTaskSourceCore<bool> _signal = new() { RunContinuationsAsynchronously = true };
    private int _head;
    private int _count;
    private bool _waiting;
    private bool _completed;

    public FrameQueue(int capacity, Action<PooledFrame> dropped)
    {
        _items = new PooledFrame[capacity];
        _dropped = dropped;
    }

    public void Add(PooledFrame frame)
    {
        PooledFrame? dropped = null;
        bool wake;
        lock (_lock)
        {
            if (_completed)
            {
                dropped = frame;
            }
            else
            {
                if (_count == _items.Length)
                {
                    dropped = _items[_head];
                    _head = (_head + 1) % _items.Length;
                    _count--;
                }
                _items[(_head + _count) % _items.Length] = frame;
                _count++;
            }
            wake = TakeWaiter();
        }
        if (dropped is not null)
            _dropped(dropped);
        if (wake)
            _signal.SetResult(true);
    }

    public bool TryTake(out PooledFrame frame)
    {
        lock (_lock)
        {
            if (_count == 0)
            {
                frame = null!;
                return false;
            }
            frame = _items[_head];
            _head = (_head + 1) % _items.Length;
            _count--;
            return true;
        }
    }

    /// <summary>True when a frame may be there or the token was cancelled; false once completed and empty.</summary>
    public ValueTask<bool> WaitAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_count > 0 || cancellationToken.IsCancellationRequested)
                return ValueTask.FromResult(true);
            if (_completed)
                return ValueTask.FromResult(false);
            _signal.Reset();
            _waiting = true;
            return new ValueTask<bool>(this, _signal.Version);
        }
    }

    /// <summary>Releases a waiting consumer, e.g. when its token is cancelled; it checks the token itself.</summary>
    public void Wake()
    {
        bool wake;
        lock (_lock)
            wake = TakeWaiter();
        if (wake)
            _signal.SetResult(true);
    }

    /// <summary>No more frames will come; those still queued go back to the pool.</summary>
    public void Complete()
    {
        bool wake;
        lock (_lock)
        {
            _completed = true;
            wake = TakeWaiter();
        }
        if (wake)
            _signal.SetResult(false);
        while (TryTake(out var frame))
            frame.Dispose();
    }

    bool IValueTaskSource<bool>.GetResult(short token) => _signal.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _signal.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _signal.OnCompleted(continuation, state, token, flags);

    private bool TakeWaiter()
    {
        var waiting = _waiting;
        _waiting = false;
        return waiting;
    }
}
