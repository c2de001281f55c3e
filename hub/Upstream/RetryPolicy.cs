namespace EdgeSecurity.Upstream;

/// <summary>
/// When to try a record again: doubling from <see cref="InitialDelay"/> up to <see cref="MaximumDelay"/>, shortened by up
/// to <see cref="Jitter"/> of itself at random so that hubs cut off together do not return together, and never
/// sooner than the centre's Retry-After (itself capped at <see cref="MaximumRetryAfter"/>, so a wild header cannot park a record for days).
/// </summary>
public sealed record RetryPolicy(TimeSpan InitialDelay, TimeSpan MaximumDelay, double Jitter)
{
    public static readonly TimeSpan MaximumRetryAfter = TimeSpan.FromHours(1);

    public static RetryPolicy Default { get; } = new(TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(10), 0.2);

    /// <param name="failedAttempts">Attempts that failed so far, at least 1.</param>
    /// <param name="random">A uniform number in [0, 1), e.g. <c>Random.Shared.NextDouble()</c>.</param>
    public TimeSpan DelayAfter(int failedAttempts, TimeSpan? retryAfter, double random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(random, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(random, 1);
        // Past 2^30 the doubling overflows TimeSpan long before any useful cap; the cap is reached well before that.
        var exponent = Math.Min(failedAttempts - 1, 30);
        var doubled = Math.Min(InitialDelay.Ticks * Math.Pow(2, exponent), MaximumDelay.Ticks);
        var delay = TimeSpan.FromTicks((long)(doubled * (1 - (Jitter * random))));
        if (retryAfter is { } asked && asked > delay)
            delay = asked < MaximumRetryAfter ? asked : MaximumRetryAfter;
        return delay;
    }
}
