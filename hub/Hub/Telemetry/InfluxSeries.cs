using System.Text.Json;

namespace EdgeSecurity.Hub.Telemetry;

/// <summary>
/// One series of a query answer. Values are rows in column order as InfluxDB sent them (numbers, strings,
/// booleans, null); time is an RFC 3339 string, or a number when the query asked for an epoch.
/// </summary>
public sealed record InfluxSeries(string Name, IReadOnlyDictionary<string, string> Tags, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<JsonElement>> Values)
{
    /// <summary>The values of one column, row by row.</summary>
    public IEnumerable<JsonElement> Column(string name)
    {
        var index = Columns.ToList().IndexOf(name);
        if (index < 0)
            throw new KeyNotFoundException($"series \"{Name}\" has no column \"{name}\" (it has {string.Join(", ", Columns)})");
        return Values.Select(row => row[index]);
    }
}
