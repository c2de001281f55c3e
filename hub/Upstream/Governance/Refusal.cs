namespace EdgeSecurity.Upstream.Governance;

/// <summary>Why a signed request (an incident record or a status callback) was not taken.</summary>
public enum RefusalReason
{
    MissingSignature,
    UnknownKey,
    MalformedTimestamp,
    StaleTimestamp,
    BadSignature,
    MalformedBody,
}

/// <summary>A refusal: the reason's wire code (<c>bad_signature</c>, ...) and a message for the log and the other side.</summary>
public sealed record Refusal(RefusalReason Reason, string Message)
{
    public string Code => Reason switch
    {
        RefusalReason.MissingSignature => "missing_signature",
        RefusalReason.UnknownKey => "unknown_key",
        RefusalReason.MalformedTimestamp => "malformed_timestamp",
        RefusalReason.StaleTimestamp => "stale_timestamp",
        RefusalReason.BadSignature => "bad_signature",
        RefusalReason.MalformedBody => "malformed_body",
        _ => throw new ArgumentOutOfRangeException(nameof(Reason), Reason, null),
    };

    /// <summary>401 for anything about the signature (who sent it cannot be trusted), 400 for a signed but unreadable body.</summary>
    public int HttpStatus => Reason == RefusalReason.MalformedBody ? 400 : 401;
}
