using EdgeSecurity.Testing;

namespace EdgeSecurity.Agent.Tests.Support;

/// <summary>Reading what the control socket says about alarms and the outbox.</summary>
public static class OutboxAnswers
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The event id in the answer to an <c>open</c> that reported a forced opening.</summary>
    public static Guid EventIdIn(string answer)
    {
        const string prefix = "forced opening reported as event ";
        var at = answer.IndexOf(prefix, StringComparison.Ordinal);
        Assert.True(at >= 0, $"expected a forced opening, got: {answer}");
        return Guid.Parse(answer.AsSpan(at + prefix.Length));
    }

    /// <summary>The outbox is empty once everything was delivered, and the events confirmed by whoever plays the hub.</summary>
    public static async Task WaitUntilEmptyAsync(ControlClient control) =>
        await Poll.UntilAsync(() => control.AskAsync("status"), s => s.Contains("outbox: 0 events, 0 states, 0 telemetry waiting", StringComparison.Ordinal),
            "the outbox to be empty", DrainTimeout);
}
