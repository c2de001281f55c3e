namespace EdgeSecurity.Video.Tests;

/// <summary>Reads frames from a camera for a test, which copies out what it checks since pooled buffers are reused.</summary>
internal static class FrameReader
{
    public static Task ForEachAsync(ICameraSource source, int count, TimeSpan timeout, Action<PooledFrame> check)
    {
        var read = 0;
        return UntilAsync(source, $"{count} frames", timeout, frame =>
        {
            check(frame);
            return ++read == count;
        });
    }

    /// <summary>Reads frames until <paramref name="done"/> says so, disposing each after it has looked.</summary>
    public static async Task UntilAsync(ICameraSource source, string what, TimeSpan timeout, Func<PooledFrame, bool> done)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await foreach (var frame in source.ReadFramesAsync(deadline.Token))
            {
                using (frame)
                {
                    if (done(frame))
                        return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no {what} within {timeout.TotalSeconds:0} s; camera {source.Name} is {source.Health}");
        }
        throw new InvalidOperationException($"camera {source.Name} stopped before {what}");
    }
}
