namespace EdgeSecurity.Agent.Publishing;

/// <summary>
/// How a message that fails to publish is retried. A broker outage costs no attempts (QoS 1 publishes wait for the
/// reconnect), so what fails is almost always a refusal, such as an ACL denying the topic. Giving up after a few
/// attempts keeps one refused message from holding up every alarm behind it.
/// </summary>
public sealed record PublishRetry(int Attempts, TimeSpan FirstDelay, TimeSpan LongestDelay)
{
    public static PublishRetry Default { get; } = new(Attempts: 5, FirstDelay: TimeSpan.FromSeconds(1), LongestDelay: TimeSpan.FromSeconds(30));
}
