using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace EdgeSecurity.Hub.Telemetry;

/// <summary>
/// Encodes points as InfluxDB line protocol: <c>measurement,tag=v field=1i 1700000000000</c>.
/// Escaping follows the spec: commas and spaces in measurements; commas, equals signs and spaces in tag keys,
/// tag values and field keys; double quotes and backslashes in string field values. Backslashes elsewhere are
/// literal, which is why a name ending in one cannot be written (it would escape the separator after it), nor a
/// measurement or field key with a backslash before a comma, space, equals sign or double quote (InfluxDB would unescape
/// the pair) or starting with a tab or NUL (InfluxDB skips them as white space). Fuzzing against a real influxd found
/// the last two.
/// Tags are sorted by key, the order InfluxDB recommends (it sorts them itself otherwise).
/// </summary>
public static class LineProtocol
{
    /// <summary>InfluxDB refuses longer string field values.</summary>
    public const int MaxStringFieldBytes = 64 * 1024;

    // InfluxDB stores nanoseconds since the epoch in an int64 and reserves its two extremes.
    private static readonly DateTimeOffset MinTime = DateTimeOffset.UnixEpoch.AddTicks((long.MinValue + 2) / 100 + 1);
    private static readonly DateTimeOffset MaxTime = DateTimeOffset.UnixEpoch.AddTicks((long.MaxValue - 1) / 100);

    // InfluxDB unescapes these pairs when it reads a measurement or field key, so a backslash the name itself holds before
    // them would vanish or, before a character we escape, escape our backslash and leave the separator bare (found by
    // fuzzing). Tags are read by another scanner that keeps such a backslash.
    private static readonly SearchValues<string> Escapes = SearchValues.Create(["\\,", "\\ ", "\\=", "\\\""], StringComparison.Ordinal);

    [ThreadStatic]
    private static StringBuilder? t_builder;

    /// <summary>One line without its trailing newline, or the reason the point cannot be written.</summary>
    /// <param name="now">the time of a point without its own</param>
    public static bool TryEncode(LinePoint point, TelemetryPrecision precision, DateTimeOffset now,
        [NotNullWhen(true)] out string? line, [NotNullWhen(false)] out string? reason)
    {
        ArgumentNullException.ThrowIfNull(point);
        line = null;
        reason = Check(point);
        if (reason is not null)
            return false;
        var time = point.Timestamp ?? now;
        if (time < MinTime || time > MaxTime)
        {
            reason = $"timestamp {time:O} is outside InfluxDB's range ({MinTime:O} to {MaxTime:O})";
            return false;
        }

        var builder = t_builder ??= new StringBuilder(256);
        builder.Clear();
        AppendEscaped(builder, point.Measurement, escapeEquals: false);
        var tags = SortedTags(point);
        for (var i = 0; i < tags.Count; i++)
        {
            var tag = tags[i];
            builder.Append(',');
            AppendEscaped(builder, tag.Key, escapeEquals: true);
            builder.Append('=');
            AppendEscaped(builder, tag.Value, escapeEquals: true);
        }
        var separator = ' ';
        var fields = point.Fields;
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            builder.Append(separator);
            separator = ',';
            AppendEscaped(builder, field.Key, escapeEquals: true);
            builder.Append('=');
            AppendValue(builder, field.Value);
        }
        builder.Append(CultureInfo.InvariantCulture, $" {ToUnix(time, precision)}");
        line = builder.ToString();
        return true;
    }

    /// <summary>Time since the epoch in the precision's unit.</summary>
    public static long ToUnix(DateTimeOffset time, TelemetryPrecision precision) => precision switch
    {
        TelemetryPrecision.Nanoseconds => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100,
        TelemetryPrecision.Milliseconds => time.ToUnixTimeMilliseconds(),
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "unknown precision"),
    };

    private static string? Check(LinePoint point)
    {
        if (point.Measurement.Length == 0)
            return "the measurement is empty";
        if (point.Measurement[0] == '#')
            return "the measurement starts with '#', which line protocol reads as a comment";
        if (CheckName("measurement", point.Measurement, isTag: false) is { } measurement)
            return measurement;
        if (point.Fields.Count == 0)
            return $"measurement \"{point.Measurement}\" has no fields; InfluxDB needs at least one";

        var tags = point.Tags;
        for (var i = 0; i < tags.Count; i++)
        {
            var (key, value) = tags[i];
            if (key.Length == 0 || value.Length == 0)
                return $"tag \"{key}\"=\"{value}\" has an empty key or value; InfluxDB has no empty tags, leave it out";
            if ((CheckName("tag key", key, isTag: true) ?? CheckReserved("tag key", key) ?? CheckName("tag value", value, isTag: true)) is { } tag)
                return tag;
            if (IndexOf(tags, key, i) >= 0)
                return $"tag \"{key}\" appears twice";
        }

        var fields = point.Fields;
        for (var i = 0; i < fields.Count; i++)
        {
            var (key, value) = fields[i];
            if (key.Length == 0)
                return "a field key is empty";
            if ((CheckName("field key", key, isTag: false) ?? CheckReserved("field key", key) ?? CheckValue(key, value)) is { } field)
                return field;
            if (IndexOf(tags, key, tags.Count) >= 0)
                return $"\"{key}\" is both a tag and a field";
            if (IndexOf(fields, key, i) >= 0)
                return $"field \"{key}\" appears twice";
        }
        return null;
    }

    /// <summary>Where <paramref name="key"/> is among the first <paramref name="count"/> pairs; a point has few, so a scan beats a set.</summary>
    private static int IndexOf<T>(IReadOnlyList<KeyValuePair<string, T>> pairs, string key, int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (string.Equals(pairs[i].Key, key, StringComparison.Ordinal))
                return i;
        }
        return -1;
    }

    private static string? CheckName(string what, string name, bool isTag)
    {
        if (name.Contains('\n', StringComparison.Ordinal))
            return $"the {what} \"{Visible(name)}\" contains a newline, which line protocol cannot carry";
        if (name.EndsWith('\\'))
            return $"the {what} \"{name}\" ends with a backslash, which line protocol cannot carry (it would escape the separator)";
        if (isTag)
            return null;
        if (name is ['\t' or '\0', ..])
            return $"the {what} \"{Visible(name)}\" starts with a tab or NUL, which InfluxDB skips as white space";
        if (name.AsSpan().IndexOfAny(Escapes) >= 0)
            return $"the {what} \"{name}\" has a backslash before a comma, space, equals sign or double quote, which InfluxDB would read as an escape";
        return null;
    }

    /// <summary>InfluxDB 1.x refuses "time" as a tag or field key: it is the name of the timestamp column.</summary>
    private static string? CheckReserved(string what, string key) =>
        key == "time" ? $"\"time\" cannot be a {what}: InfluxDB reserves it for the timestamp" : null;

    private static string? CheckValue(string key, FieldValue value) => value.Kind switch
    {
        FieldKind.Float when !double.IsFinite(value.FloatValue) => $"field \"{key}\" is {value.FloatValue}; InfluxDB stores finite floats only",
        FieldKind.String when value.StringValue!.Contains('\n', StringComparison.Ordinal) => $"string field \"{key}\" contains a newline, which line protocol cannot carry",
        FieldKind.String when Encoding.UTF8.GetByteCount(value.StringValue!) > MaxStringFieldBytes => $"string field \"{key}\" is longer than InfluxDB's {MaxStringFieldBytes} bytes",
        _ => null,
    };

    private static string Visible(string text) => text.Replace("\n", "\\n", StringComparison.Ordinal);

    private static IReadOnlyList<KeyValuePair<string, string>> SortedTags(LinePoint point)
    {
        var tags = point.Tags;
        for (var i = 1; i < tags.Count; i++)
        {
            if (string.CompareOrdinal(tags[i - 1].Key, tags[i].Key) > 0)
                return [.. tags.OrderBy(tag => tag.Key, StringComparer.Ordinal)];
        }
        return tags;
    }

    private static void AppendEscaped(StringBuilder builder, string text, bool escapeEquals)
    {
        foreach (var c in text)
        {
            if (c is ',' or ' ' || (escapeEquals && c == '='))
                builder.Append('\\');
            builder.Append(c);
        }
    }

    private static void AppendValue(StringBuilder builder, FieldValue value)
    {
        switch (value.Kind)
        {
            case FieldKind.Integer:
                builder.Append(CultureInfo.InvariantCulture, $"{value.IntegerValue}i");
                break;
            case FieldKind.Float:
                // "R" gives the shortest text that parses back to the same double.
                builder.Append(value.FloatValue.ToString("R", CultureInfo.InvariantCulture));
                break;
            case FieldKind.Boolean:
                builder.Append(value.BooleanValue ? "true" : "false");
                break;
            case FieldKind.String:
                builder.Append('"');
                foreach (var c in value.StringValue!)
                {
                    if (c is '"' or '\\')
                        builder.Append('\\');
                    builder.Append(c);
                }
                builder.Append('"');
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(value), value.Kind, "unknown field kind");
        }
    }
}
