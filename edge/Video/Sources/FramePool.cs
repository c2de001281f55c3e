namespace EdgeSecurity.Video;

/// <summary>A fixed set of frame buffers allocated up front; renting and returning never allocates.</summary>
internal sealed class FramePool
{
    private readonly Stack<PooledFrame> _free;

    public FramePool(int count, int width, int height)
    {
        _free = new Stack<PooledFrame>(count);
        for (var i = 0; i < count; i++)
            _free.Push(new PooledFrame(this, width, height));
    }

    public PooledFrame? TryRent()
    {
        lock (_free)
        {
            if (!_free.TryPop(out var frame))
                return null;
            frame.MarkRented();
            return frame;
        }
    }

    public void Return(PooledFrame frame)
    {
        lock (_free)
            _free.Push(frame);
    }
}
