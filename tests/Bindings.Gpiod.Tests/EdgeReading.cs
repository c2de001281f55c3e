namespace EdgeSecurity.Bindings.Gpiod.Tests;

/// <summary>Awaiting edges with a limit, so that a missing edge fails the test instead of hanging it.</summary>
internal static class EdgeReading
{
    /// <summary>Generous: the edges come from in-process code; only a defect takes this long.</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);

    public static async Task<GpioEdge> NextAsync(this IAsyncEnumerator<GpioEdge> edges)
    {
        Assert.True(await edges.MoveNextAsync().AsTask().WaitAsync(Limit), "the edge sequence ended");
        return edges.Current;
    }

    public static async Task<GpioEdge> NextAsync(this Task<bool> pendingMove, IAsyncEnumerator<GpioEdge> edges)
    {
        Assert.True(await pendingMove.WaitAsync(Limit), "the edge sequence ended");
        return edges.Current;
    }

    public static async Task EndsAsync(this IAsyncEnumerator<GpioEdge> edges) =>
        Assert.False(await edges.MoveNextAsync().AsTask().WaitAsync(Limit), "the edge sequence went on");
}
