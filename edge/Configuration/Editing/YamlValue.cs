using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace EdgeSecurity.Configuration.Editing;

/// <summary>
/// A value to write into a YAML document. Block collections are written on their own lines at the document's
/// indentation, flow ones on one line; inside a flow collection everything is written flow, as YAML requires.
/// </summary>
public abstract record YamlValue
{
    public static YamlValue Text(string text) => new YamlScalarValue(YamlScalarValue.Format(text));

    public static YamlValue Number(double number) => new YamlScalarValue(number.ToString("0.######", CultureInfo.InvariantCulture));

    public static YamlValue Boolean(bool value) => new YamlScalarValue(value ? "true" : "false");

    public static YamlValue FlowList(IEnumerable<YamlValue> items) => new YamlSequenceValue([.. items], Flow: true);

    public static YamlValue BlockList(IEnumerable<YamlValue> items) => new YamlSequenceValue([.. items], Flow: false);

    public static YamlValue FlowMap(IEnumerable<KeyValuePair<string, YamlValue>> entries) => new YamlMappingValue([.. entries], Flow: true);

    public static YamlValue BlockMap(IEnumerable<KeyValuePair<string, YamlValue>> entries) => new YamlMappingValue([.. entries], Flow: false);

    internal bool IsInline => this is YamlScalarValue || this is YamlSequenceValue { Flow: true } || this is YamlMappingValue { Flow: true };

    internal abstract string Inline();
}

/// <summary>A scalar as written in the file (already quoted where needed).</summary>
public sealed partial record YamlScalarValue(string Written) : YamlValue
{
    /// <summary>
    /// Plain when the text reads back as itself in block and flow context alike; otherwise double-quoted. Text that a
    /// YAML reader would take for a number, boolean or null is quoted too (building "3"), so that it stays text for
    /// every reader.
    /// </summary>
    public static string Format(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return IsPlainSafe(text) ? text : Quoted(text);
    }

    internal override string Inline() => Written;

    private static bool IsPlainSafe(string text) =>
        text.Length > 0
        && !char.IsWhiteSpace(text[0]) && !char.IsWhiteSpace(text[^1])
        && !"-?:,[]{}#&*!|>'\"%@`".Contains(text[0], StringComparison.Ordinal)
        && !text.EndsWith(':')
        && !text.Contains(": ", StringComparison.Ordinal) && !text.Contains(" #", StringComparison.Ordinal)
        && !text.Any(c => char.IsControl(c) || ",[]{}".Contains(c, StringComparison.Ordinal))
        && !LooksLikeOtherType().IsMatch(text);

    private static string Quoted(string text)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in text)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                _ when char.IsControl(c) => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"),
                _ => c.ToString(),
            });
        }
        return quoted.Append('"').ToString();
    }

    // YAML 1.1 and 1.2 core schema: null, booleans (yes/no/on/off included), integers, floats, and sexagesimal-looking times.
    [GeneratedRegex(@"^(~|null|true|false|yes|no|on|off|y|n|[-+]?(\.?[0-9][0-9_.:eE+-]*|\.inf|\.nan)|0x[0-9a-f_]+|0o[0-7_]+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LooksLikeOtherType();
}

public sealed record YamlSequenceValue(IReadOnlyList<YamlValue> Items, bool Flow) : YamlValue
{
    internal override string Inline() => "[" + string.Join(", ", Items.Select(i => i.Inline())) + "]";
}

public sealed record YamlMappingValue(IReadOnlyList<KeyValuePair<string, YamlValue>> Entries, bool Flow) : YamlValue
{
    internal override string Inline() =>
        Entries.Count == 0 ? "{}" : "{ " + string.Join(", ", Entries.Select(e => $"{YamlScalarValue.Format(e.Key)}: {e.Value.Inline()}")) + " }";
}
