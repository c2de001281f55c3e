using System.Collections.Frozen;
using System.Text.Json;

namespace EdgeSecurity.Hub;

/// <summary>
/// The lowercase names enums have in the API and in the database ("warning", "reported", "snapshot").
/// JSON output, query parsing and storage all use this one policy, so a name means the same thing everywhere.
/// </summary>
public static class ApiNames
{
    public static JsonNamingPolicy Policy { get; } = JsonNamingPolicy.SnakeCaseLower;

    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => Names<TEnum>.ByValue[value];

    /// <summary>Accepts names only: a number such as "2" is refused, unlike Enum.TryParse.</summary>
    public static bool TryParse<TEnum>(string text, out TEnum value) where TEnum : struct, Enum =>
        Names<TEnum>.ByName.TryGetValue(text, out value);

    public static TEnum Parse<TEnum>(string text) where TEnum : struct, Enum =>
        TryParse<TEnum>(text, out var value) ? value : throw new FormatException($"'{text}' is not one of {Choices<TEnum>()}");

    /// <summary>"notice, warning or alarm", for error messages.</summary>
    public static string Choices<TEnum>() where TEnum : struct, Enum => Names<TEnum>.Choices;

    private static class Names<TEnum> where TEnum : struct, Enum
    {
        public static readonly FrozenDictionary<TEnum, string> ByValue = Enum.GetValues<TEnum>().ToFrozenDictionary(v => v, v => Policy.ConvertName(v.ToString()));

        public static readonly FrozenDictionary<string, TEnum> ByName = ByValue.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

        public static readonly string Choices = ByValue.Count == 1
            ? ByValue.Values.Single()
            : string.Join(", ", Enum.GetValues<TEnum>().SkipLast(1).Select(v => ByValue[v])) + " or " + ByValue[Enum.GetValues<TEnum>()[^1]];
    }
}
