namespace EdgeSecurity.Contract;

/// <summary>Why a message was refused; a stable code for counting, and a sentence for the log.</summary>
public enum RejectionReason
{
    UnknownTopic,
    PayloadTooLarge,
    MalformedJson,
    WrongType,
    MissingField,
    InvalidField,
    UnsupportedVersion,
    UnknownEventType,
    TopicMismatch,
}

public sealed record Rejection(RejectionReason Reason, string Detail)
{
    public override string ToString() => $"{Reason}: {Detail}";
}

/// <summary>Either the message or the reason it was refused.</summary>
public readonly record struct ReadResult<T>(T? Value, Rejection? Rejection) where T : class
{
    public bool IsAccepted => Value is not null;

    public static implicit operator ReadResult<T>(T value) => new(value, null);

    public static implicit operator ReadResult<T>(Rejection rejection) => new(null, rejection);
}
