namespace EdgeSecurity.Hub.Telemetry;

/// <summary>
/// One point: measurement, tags, fields and an optional time. Built fluently; validated and escaped by
/// <see cref="LineProtocol"/>, so any strings may go in and bad ones come back as a reason.
/// </summary>
public sealed class LinePoint
{
    private readonly List<KeyValuePair<string, string>> _tags = [];
    private readonly List<KeyValuePair<string, FieldValue>> _fields = [];

    public LinePoint(string measurement, DateTimeOffset? timestamp = null)
    {
        Measurement = measurement ?? throw new ArgumentNullException(nameof(measurement));
        Timestamp = timestamp;
    }

    public string Measurement { get; }

    /// <summary>Null: the writer stamps the point when it is written, so a resent batch overwrites instead of duplicating.</summary>
    public DateTimeOffset? Timestamp { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Tags => _tags;

    public IReadOnlyList<KeyValuePair<string, FieldValue>> Fields => _fields;

    public LinePoint Tag(string key, string value)
    {
        _tags.Add(new(key ?? throw new ArgumentNullException(nameof(key)), value ?? throw new ArgumentNullException(nameof(value))));
        return this;
    }

    public LinePoint Field(string key, FieldValue value)
    {
        _fields.Add(new(key ?? throw new ArgumentNullException(nameof(key)), value));
        return this;
    }

    public LinePoint Field(string key, long value) => Field(key, FieldValue.Of(value));

    public LinePoint Field(string key, double value) => Field(key, FieldValue.Of(value));

    public LinePoint Field(string key, bool value) => Field(key, FieldValue.Of(value));

    public LinePoint Field(string key, string value) => Field(key, FieldValue.Of(value));
}
