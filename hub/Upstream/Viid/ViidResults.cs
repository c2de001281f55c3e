namespace EdgeSecurity.Upstream.Viid;

public enum ViidOutcome
{
    Ok,

    /// <summary>Nothing wrong with what we sent: the 视图库 is down, slow, busy, answered garbage, or we are not registered yet.</summary>
    RetryLater,

    /// <summary>The 视图库 refused it for good (4xx, or a status code about the content); <c>Message</c> says why.</summary>
    Rejected,
}

public sealed record ViidResult(ViidOutcome Outcome, int? HttpStatus, string Message)
{
    public bool IsOk => Outcome == ViidOutcome.Ok;
}

/// <summary>
/// An object the 视图库 refused, with the StatusCode and StatusString it gave; StatusCode is null when it refused the
/// whole request at the HTTP level (e.g. 413) without a ResponseStatusObject, and StatusString then says what it answered.
/// </summary>
public sealed record ObjectRefusal(string Id, int? StatusCode, string StatusString);

/// <summary>
/// What became of each object of a batch. Every id is in exactly one list: <see cref="Accepted"/> are done,
/// <see cref="Rejected"/> must not be sent again as they are, <see cref="RetryLater"/> must be sent again (same ids).
/// </summary>
public sealed record ViidUploadResult(ViidOutcome Outcome, string Message, IReadOnlyList<string> Accepted, IReadOnlyList<ObjectRefusal> Rejected, IReadOnlyList<string> RetryLater);

/// <param name="Offset">The 视图库's clock minus ours (positive: theirs is ahead).</param>
public sealed record ViidTimeResult(ViidResult Result, DateTimeOffset? ServerTime, TimeSpan? Offset);
