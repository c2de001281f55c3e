using System.Diagnostics;

namespace EdgeSecurity.Testing;

/// <summary>Waits for an observable outcome by asking again until it holds or a deadline passes.</summary>
public static class Poll
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var elapsed = Stopwatch.StartNew();
        using var interval = new PeriodicTimer(Interval);
        while (true)
        {
            var last = await probe();
            if (done(last))
                return last;
            if (elapsed.Elapsed > limit)
                throw new TimeoutException($"Waited {limit.TotalSeconds:0} s for {what}; last observed: {last}");
            await interval.WaitForNextTickAsync();
        }
    }
}
