using EdgeSecurity.Hub.Telemetry;

namespace EdgeSecurity.Hub.Tests.Telemetry;

/// <summary>The encoder alone: exact text for plain points, and the reasons bad points are refused.</summary>
public sealed class LineProtocolTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123);

    [Fact]
    public void A_point_is_encoded_with_its_tags_sorted_and_each_field_type_marked()
    {
        var point = new LinePoint("door", At).Tag("zone", "b").Tag("gateway", "gw-1")
            .Field("count", 3L).Field("temperature", 21.5).Field("open", true).Field("note", "ok");

        Assert.True(LineProtocol.TryEncode(point, TelemetryPrecision.Milliseconds, DateTimeOffset.UnixEpoch, out var line, out var reason), reason);
        Assert.Equal("door,gateway=gw-1,zone=b count=3i,temperature=21.5,open=true,note=\"ok\" 1700000000123", line);
    }

    [Fact]
    public void Separators_are_escaped_where_the_spec_says_and_backslashes_only_in_strings()
    {
        var point = new LinePoint("a b,c=d\\e", At).Tag("k ,=\\k", "v ,=x").Field("f ,=", "say \"hi\" \\o/");

        Assert.True(LineProtocol.TryEncode(point, TelemetryPrecision.Nanoseconds, DateTimeOffset.UnixEpoch, out var line, out var reason), reason);
        Assert.Equal("a\\ b\\,c=d\\e,k\\ \\,\\=\\k=v\\ \\,\\=x f\\ \\,\\==\"say \\\"hi\\\" \\\\o/\" 1700000000123000000", line);
    }

    [Fact]
    public void A_point_without_a_time_gets_the_time_of_writing()
    {
        var point = new LinePoint("m").Field("v", 1L);

        Assert.True(LineProtocol.TryEncode(point, TelemetryPrecision.Milliseconds, At, out var line, out _));
        Assert.EndsWith(" 1700000000123", line, StringComparison.Ordinal);
    }

    public static TheoryData<LinePoint, string> BadPoints() => new()
    {
        { new LinePoint("", At).Field("v", 1L), "measurement is empty" },
        { new LinePoint("m\nx", At).Field("v", 1L), "newline" },
        { new LinePoint("m", At).Tag("site", "a\nb").Field("v", 1L), "newline" },
        { new LinePoint("m", At).Tag("si\nte", "a").Field("v", 1L), "newline" },
        { new LinePoint("m", At).Field("v", "line\nbreak"), "newline" },
        { new LinePoint("m", At).Field("v", double.NaN), "finite" },
        { new LinePoint("m", At).Field("v", double.PositiveInfinity), "finite" },
        { new LinePoint("m", At).Field("v", double.NegativeInfinity), "finite" },
        { new LinePoint("m", At), "no fields" },
        { new LinePoint("m", At).Tag("site", "").Field("v", 1L), "empty key or value" },
        { new LinePoint("m", At).Tag("site", "a\\").Field("v", 1L), "backslash" },
        { new LinePoint("m", At).Field("", 1L), "field key is empty" },
        { new LinePoint("m", At).Field("time", 1L), "reserves it" },
        { new LinePoint("m", At).Field("v", 1L).Field("v", 2L), "twice" },
        { new LinePoint("#m", At).Field("v", 1L), "comment" },
        { new LinePoint("m", DateTimeOffset.MinValue).Field("v", 1L), "outside InfluxDB's range" },
    };

    [Theory]
    [MemberData(nameof(BadPoints))]
    public void Bad_points_are_refused_with_a_reason(LinePoint point, string expected)
    {
        Assert.False(LineProtocol.TryEncode(point, TelemetryPrecision.Nanoseconds, At, out var line, out var reason));
        Assert.Null(line);
        Assert.Contains(expected, reason, StringComparison.Ordinal);
    }
}
