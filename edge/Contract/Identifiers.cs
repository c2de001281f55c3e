using System.Text.RegularExpressions;

namespace EdgeSecurity.Contract;

/// <summary>Ids of communities, gateways and devices are topic segments, so they must be safe there and in file names.</summary>
public static partial class Identifiers
{
    public const string Rule = "1-64 characters of A-Z, a-z, 0-9, '-' or '_'";

    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex Pattern();
}
