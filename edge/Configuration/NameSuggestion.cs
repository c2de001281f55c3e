namespace EdgeSecurity.Configuration;

/// <summary>Finds the known name someone most likely meant when a key or value is misspelt.</summary>
public static class NameSuggestion
{
    public static string? Closest(string unknown, IEnumerable<string> known)
    {
        // Roughly one typo per four characters: enough for 'hearbeatSeconds' or 'adress', not enough to turn 'name' into 'id'.
        var allowed = Math.Max(1, unknown.Length / 4);
        return known
            .Select(k => (Name: k, Distance: Distance(unknown.ToUpperInvariant(), k.ToUpperInvariant())))
            .Where(c => c.Distance <= allowed)
            .OrderBy(c => c.Distance)
            .Select(c => c.Name)
            .FirstOrDefault();
    }

    /// <summary>The suggestion as it ends an error's problem, or nothing when no known name is close.</summary>
    public static string Hint(string unknown, IEnumerable<string> known) =>
        Closest(unknown, known) is { } suggestion ? $" (did you mean '{suggestion}'?)" : "";

    // Edit distance where swapping two neighbouring letters ('gird' for 'grid') is one typo, not two.
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
            d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++)
            d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + substitution);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
