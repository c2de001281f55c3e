namespace EdgeSecurity.Upstream.Governance;

public enum DeliveryOutcome
{
    /// <summary>The centre confirmed it has the record (now or from an earlier attempt).</summary>
    Delivered,

    /// <summary>Not delivered this time: 5xx, 408, 429, timeout, refused connection, an answer that is no receipt, a clock out of the window.</summary>
    RetryLater,

    /// <summary>The centre refused the record for good (4xx): sending it again cannot help. <see cref="DeliveryResult.Message"/> carries the centre's words.</summary>
    Dead,
}

/// <param name="StatusCode">The HTTP status, or null when no answer came.</param>
/// <param name="RetryAfter">The centre's Retry-After, when it sent one.</param>
public sealed record DeliveryResult(DeliveryOutcome Outcome, int? StatusCode, string Message, TimeSpan? RetryAfter = null);
