namespace EdgeSecurity.Agent.Outbox;

/// <summary>
/// How a message the broker refuses is tried again. A broker outage costs no attempts (the sender waits for the
/// reconnect), so a refusal is almost always a configuration fault, such as an ACL denying the topic. The message
/// leaves the in-flight window while it waits, so it cannot hold up the alarms behind it, and it is never dropped:
/// once the fault is fixed it goes out. After <see cref="ReportAfter"/> refusals the warning becomes an error.
/// </summary>
public sealed record PublishRetry(int ReportAfter, TimeSpan FirstDelay, TimeSpan LongestDelay)
{
    public static PublishRetry Default { get; } = new(ReportAfter: 5, FirstDelay: TimeSpan.FromSeconds(1), LongestDelay: TimeSpan.FromSeconds(30));

    /// <summary>The wait after the <paramref name="refusals"/>-th refusal: doubling from the first delay up to the longest.</summary>
    public TimeSpan DelayAfter(int refusals) =>
        TimeSpan.FromTicks(Math.Min(FirstDelay.Ticks << Math.Min(refusals - 1, 20), LongestDelay.Ticks));
}
