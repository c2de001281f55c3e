using System.Globalization;

namespace EdgeSecurity.Cli.Serial;

/// <summary>Modbus slave ids to probe, written as 1-32 or 1,3,5-8; ids 1-247 (0 is broadcast, above 247 reserved).</summary>
public static class SlaveIds
{
    private const int Lowest = 1;
    private const int Highest = 247;

    public static IReadOnlyList<byte>? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new SortedSet<byte>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var bounds = part.Split('-', StringSplitOptions.TrimEntries);
            if (bounds.Length is < 1 or > 2 || !TryId(bounds[0], out var first))
                return null;
            var last = first;
            if (bounds.Length == 2 && (!TryId(bounds[1], out last) || last < first))
                return null;
            for (var id = first; id <= last; id++)
                ids.Add((byte)id);
        }
        return [.. ids];
    }

    private static bool TryId(string text, out int id) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id is >= Lowest and <= Highest;
}
