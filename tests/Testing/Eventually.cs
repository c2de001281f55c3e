namespace EdgeSecurity.Testing;

/// <summary>Polls a condition of a running system until it holds or a deadline passes, then says what was seen.</summary>
public static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> context)
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition().ConfigureAwait(false))
                    return;
            }
            catch (HttpRequestException e)
            {
                last = e;
            }
            await Task.Delay(Interval).ConfigureAwait(false);
        }
        throw new TimeoutException($"condition not met within {timeout.TotalSeconds:0} s ({last?.Message}). Output:\n{context()}");
    }
}
