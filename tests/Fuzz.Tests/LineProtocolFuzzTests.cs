using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using EdgeSecurity.Hub.Telemetry;

namespace EdgeSecurity.Fuzz.Tests;

/// <summary>
/// Line-protocol escaping through a real influxd: random measurement, tag and field names and values with every
/// special character are either refused by <see cref="LineProtocol"/> with a reason, or written and read back equal.
/// </summary>
public sealed class LineProtocolFuzzTests : IAsyncLifetime, IDisposable
{
    private static readonly string[] ReasonWords = ["newline", "before a comma", "ends with a backslash", "tab or NUL", "comment", "empty", "reserves", "twice", "both", "finite", "longer", "outside"];
    private static readonly string[] Specials = [",", " ", "=", "\"", "'", "\\", "#", "\t", "\\ ", "\\,", "\\=", "\\\\"];
    /// <summary>The query finds a point by its measurement's unique ending, so that no name has to be quoted in InfluxQL.</summary>
    private const int UniqueLength = 17;
    private static readonly DateTimeOffset Epoch = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);
    private InfluxServer _server = null!;
    private InfluxConnection _connection = null!;

    public async Task InitializeAsync()
    {
        _server = await InfluxServer.StartAsync();
        _connection = new InfluxConnection(new TelemetrySettings { Url = _server.Url, Database = "fuzz", Precision = TelemetryPrecision.Nanoseconds });
        await new InfluxQueryClient(_connection).ExecuteAsync("CREATE DATABASE fuzz");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _connection.Dispose();

    [Fact]
    public async Task Points_with_awkward_names_and_values_are_refused_or_read_back_equal()
    {
        var query = new InfluxQueryClient(_connection);
        var report = await Fuzzer.RunAsync("line-protocol", FuzzSettings.ForSuite(TimeSpan.FromSeconds(3)), Generate, p => Encoding.UTF8.GetBytes(Describe(p)), async point =>
        {
            if (!LineProtocol.TryEncode(point, TelemetryPrecision.Nanoseconds, Epoch, out var line, out var reason))
                return FuzzVerdict.Rejected(Classify(reason), reason);
            using (var written = await _connection.Http.PostAsync(_connection.WriteUri, new StringContent(line, Encoding.UTF8)))
            {
                if (written.StatusCode != HttpStatusCode.NoContent)
                    throw new InvalidOperationException($"influxd refused the line {line}: {await InfluxConnection.ReadErrorAsync(written, default)}");
            }
            var series = await query.QueryAsync($"SELECT * FROM /{point.Measurement[^UniqueLength..]}$/ GROUP BY *", TelemetryPrecision.Nanoseconds);
            AssertReadBack(point, line, series);
            return FuzzVerdict.Accepted;
        });

        Assert.True(report.IsClean, report.ToString());
        Assert.True(report.Accepted > 0, report.Summary());
    }

    /// <summary>
    /// Found by fuzzing (seed 20261122): a field key "  =\=" was written as <c>\ \ \=\\=</c>, where InfluxDB reads
    /// <c>\\</c> as an escaped backslash and the '=' after it as the separator, refusing the whole batch.
    /// </summary>
    [Theory]
    [InlineData("  =\\=")]
    [InlineData("a\\,b")]
    [InlineData("a\\ b")]
    [InlineData("a\\\"b")]
    public void A_measurement_or_field_key_with_a_backslash_before_an_escaped_character_is_refused_with_a_reason(string key)
    {
        Assert.False(LineProtocol.TryEncode(new LinePoint("m").Field(key, true), TelemetryPrecision.Nanoseconds, Epoch, out _, out var reason));
        Assert.Contains("backslash before", reason, StringComparison.Ordinal);
        Assert.False(LineProtocol.TryEncode(new LinePoint(key).Field("f", true), TelemetryPrecision.Nanoseconds, Epoch, out _, out reason));
        Assert.Contains("backslash before", reason, StringComparison.Ordinal);
    }

    /// <summary>A point of its own (the measurement ends with a unique number), so points never clash on a field's type.</summary>
    private static LinePoint Generate(Random random)
    {
        var unique = $"_{random.Next():x8}{random.Next():x8}";
        Assert.Equal(UniqueLength, unique.Length);
        var point = new LinePoint(Name(random) + unique, Epoch.AddTicks(random.Next()));
        for (var i = random.Next(3); i > 0; i--)
            point.Tag(Name(random), Name(random));
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            point.Field(Name(random), random.Next(5) switch
            {
                0 => FieldValue.Of(random.NextInt64(long.MinValue, long.MaxValue)),
                1 => FieldValue.Of(BitConverter.Int64BitsToDouble(random.NextInt64())),
                2 => FieldValue.Of(random.Next(2) == 0),
                3 => FieldValue.Of((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-300, 300))),
                _ => FieldValue.Of(Mutate.AwkwardString(random) + Mutate.AwkwardString(random)),
            });
        }
        return point;
    }

    /// <summary>Mostly names with line protocol's special characters (comma, space, equals sign, quotes, backslash, '#').</summary>
    private static string Name(Random random)
    {
        var name = new StringBuilder();
        for (var i = random.Next(1, 6); i > 0; i--)
        {
            name.Append(random.Next(4) switch
            {
                0 => Mutate.Pick(random, Specials),
                1 => Mutate.CodePoint(random),
                2 => Mutate.AwkwardString(random),
                _ => ((char)random.Next('a', 'z' + 1)).ToString(),
            });
        }
        return name.ToString();
    }

    private static void AssertReadBack(LinePoint point, string line, IReadOnlyList<InfluxSeries> series)
    {
        var because = $"line {line}";
        Assert.True(series.Count == 1, $"{series.Count} series; {because}");
        var only = series[0];
        Assert.True(point.Measurement == only.Name, $"measurement read back as {only.Name}; {because}");
        var tags = only.Tags.Where(t => t.Value.Length > 0).OrderBy(t => t.Key, StringComparer.Ordinal).ToList();
        Assert.True(point.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).SequenceEqual(tags), $"tags read back as {string.Join(", ", tags)}; {because}");
        var row = Assert.Single(only.Values);
        Assert.True(LineProtocol.ToUnix(point.Timestamp!.Value, TelemetryPrecision.Nanoseconds) == row[only.Columns.ToList().IndexOf("time")].GetInt64(), because);
        foreach (var (key, value) in point.Fields)
        {
            var column = only.Columns.ToList().IndexOf(key);
            Assert.True(column >= 0, $"field {key} missing from {string.Join(", ", only.Columns)}; {because}");
            var read = row[column];
            var equal = value.Kind switch
            {
                FieldKind.Integer => read.ValueKind == JsonValueKind.Number && read.GetInt64() == value.IntegerValue,
                FieldKind.Float => read.ValueKind == JsonValueKind.Number && read.GetDouble() == value.FloatValue,
                FieldKind.Boolean => read.ValueKind is JsonValueKind.True or JsonValueKind.False && read.GetBoolean() == value.BooleanValue,
                _ => read.ValueKind == JsonValueKind.String && read.GetString() == value.StringValue,
            };
            Assert.True(equal, $"field {key} = {value.Kind} read back as {read.GetRawText()}; {because}");
        }
    }

    /// <summary>A short code for the report from the reason's wording.</summary>
    private static string Classify(string reason) =>
        ReasonWords.FirstOrDefault(word => reason.Contains(word, StringComparison.Ordinal))?.Replace(' ', '_') ?? "other";

    private static string Describe(LinePoint point) => JsonSerializer.Serialize(new
    {
        point.Measurement,
        Tags = point.Tags.Select(t => new[] { t.Key, t.Value }),
        Fields = point.Fields.Select(f => new[] { f.Key, f.Value.Kind.ToString(), f.Value.Kind switch
        {
            FieldKind.String => f.Value.StringValue!,
            FieldKind.Float => f.Value.FloatValue.ToString("R", CultureInfo.InvariantCulture),
            _ => f.Value.IntegerValue.ToString(CultureInfo.InvariantCulture),
        } }),
        Time = point.Timestamp,
    });
}
