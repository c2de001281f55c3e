namespace EdgeSecurity.Contract;

/// <summary>
/// Validates wire fields one after another and keeps the first failure, so a reader can check
/// every field in sequence and ask once at the end whether the message is acceptable.
/// </summary>
internal sealed class FieldChecks
{
    public Rejection? First { get; private set; }

    private T Fail<T>(RejectionReason reason, string detail, T placeholder)
    {
        First ??= new Rejection(reason, detail);
        return placeholder;
    }

    public void Version(int? v)
    {
        if (v is null)
            Fail(RejectionReason.MissingField, "missing field 'v' (contract version)", 0);
        else if (v != ContractReader.Version)
            Fail(RejectionReason.UnsupportedVersion, $"contract version {v} is not supported; this side speaks version {ContractReader.Version}", 0);
    }

    public T Required<T>(T? value, string field) where T : struct =>
        value ?? Fail(RejectionReason.MissingField, $"missing field '{field}'", default(T));

    public T Required<T>(T? value, string field) where T : class =>
        value ?? Fail(RejectionReason.MissingField, $"missing field '{field}'", default(T)!);

    public string Id(string? value, string field)
    {
        var id = Required(value, field);
        return id is null || Identifiers.IsValid(id)
            ? id ?? ""
            : Fail(RejectionReason.InvalidField, $"field '{field}' = '{Shorten(id)}' is not a valid id ({Identifiers.Rule})", id);
    }

    public string? OptionalText(string? value, string field, int maxLength) =>
        value is null || (value.Length > 0 && value.Length <= maxLength)
            ? value
            : Fail(RejectionReason.InvalidField, $"field '{field}' must be 1-{maxLength} characters", value);

    public void Matches(string value, string expected, string field, string topicPart)
    {
        if (First is null && value != expected)
            Fail(RejectionReason.TopicMismatch, $"field '{field}' = '{Shorten(value)}' disagrees with the topic's {topicPart} '{expected}'", 0);
    }

    public void Invalid(string detail) => Fail(RejectionReason.InvalidField, detail, 0);

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
