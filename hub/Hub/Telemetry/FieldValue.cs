using System.Diagnostics.CodeAnalysis;

namespace EdgeSecurity.Hub.Telemetry;

[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "InfluxDB's own names for its field types")]
public enum FieldKind
{
    Integer,
    Float,
    Boolean,
    String,
}

/// <summary>One field value with the type InfluxDB stores it as; a field keeps its first type per shard.</summary>
public readonly record struct FieldValue
{
    private FieldValue(FieldKind kind, long integer, double number, string? text)
    {
        Kind = kind;
        IntegerValue = integer;
        FloatValue = number;
        StringValue = text;
    }

    public FieldKind Kind { get; }

    public long IntegerValue { get; }

    public double FloatValue { get; }

    /// <summary>The string value; null for other kinds.</summary>
    public string? StringValue { get; }

    public bool BooleanValue => IntegerValue != 0;

    public static FieldValue Of(long value) => new(FieldKind.Integer, value, 0, null);

    public static FieldValue Of(double value) => new(FieldKind.Float, 0, value, null);

    public static FieldValue Of(bool value) => new(FieldKind.Boolean, value ? 1 : 0, 0, null);

    public static FieldValue Of(string value) => new(FieldKind.String, 0, 0, value ?? throw new ArgumentNullException(nameof(value)));
}
