namespace EdgeSecurity.Testing.Fuzz;

/// <summary>What a target did with one input: accepted it, or refused it through its documented path with a reason.</summary>
public readonly record struct FuzzVerdict(string? RejectionCode, string? Reason)
{
    public static FuzzVerdict Accepted { get; } = new(null, null);

    public bool IsAccepted => RejectionCode is null;

    public static FuzzVerdict Rejected(string code, string? reason) => new(code, reason);
}
