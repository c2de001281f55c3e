using System.Globalization;
using System.Text.RegularExpressions;
using EdgeSecurity.Configuration;
using YamlDotNet.RepresentationModel;

namespace EdgeSecurity.Modbus.Profiles.Loading;

/// <summary>
/// One YAML mapping of a profile. A failed read returns null, and so does a missing or malformed mapping, so that
/// the reader can tell a valid profile from one with errors.
/// </summary>
internal sealed class YamlMap : YamlMapping
{
    private const string KeyExample = "keys like 'name' or 'address'";

    private YamlMap(YamlMappingNode node, string path, ConfigErrors errors)
        : base(node, node.Start, path, errors, KeyExample)
    {
    }

    public static YamlMap? Of(YamlNode node, string path, ConfigErrors errors, string expected)
    {
        if (node is YamlMappingNode mapping)
            return new YamlMap(mapping, path, errors);
        ReportNotMapping(node, path, errors, expected);
        return null;
    }

    public string? Text(string key, bool required, string expected)
    {
        var text = Scalar(key, required, expected);
        if (text is not null && text.Trim().Length == 0)
        {
            Error(key, "is blank", expected);
            return null;
        }
        return text;
    }

    public string? Matching(string key, Regex rule, bool required, string expected)
    {
        var text = Scalar(key, required, expected);
        if (text is null || rule.IsMatch(text))
            return text;
        Error(key, $"{Quote(text)} is not a valid name", expected);
        return null;
    }

    /// <summary>A whole number, written in decimal or as 0x hex (as datasheets list register addresses).</summary>
    public long? Integer(string key, long min, long max, bool required, string expected)
    {
        var text = Scalar(key, required, expected);
        if (text is null)
            return null;
        var parsed = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            : long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
        if (!parsed)
        {
            Error(key, $"{Quote(text)} is not a whole number", expected);
            return null;
        }
        if (value < min || value > max)
        {
            Error(key, $"{text} is out of range", expected);
            return null;
        }
        return value;
    }

    public double? Number(string key, bool required, string expected)
    {
        var text = Scalar(key, required, expected);
        if (text is null)
            return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
            return value;
        Error(key, $"{Quote(text)} is not a number", expected);
        return null;
    }

    /// <summary>One of a fixed set of words; a misspelling gets a suggestion.</summary>
    public T? Choice<T>(string key, IReadOnlyDictionary<string, T> choices, bool required, string what)
        where T : struct
    {
        var expected = $"{what}: one of {string.Join(", ", choices.Keys)}";
        var text = Scalar(key, required, expected);
        if (text is null)
            return null;
        if (choices.TryGetValue(text, out var value))
            return value;
        Error(key, $"unknown {key} {Quote(text)}{NameSuggestion.Hint(text, choices.Keys)}", expected);
        return null;
    }

    public YamlMap? Map(string key, string expected)
    {
        var node = Value(key, required: false, expected);
        return node is null ? null : Of(node, PathOf(key), Errors, expected);
    }

    /// <summary>The mappings of a list; null when absent (reported if required) or not a list.</summary>
    public IReadOnlyList<YamlMap>? List(string key, bool required, string expected, string itemExpected)
    {
        var node = Value(key, required, expected);
        if (node is null)
            return null;
        if (node is not YamlSequenceNode sequence)
        {
            Error(key, $"found {Describe(node)}", expected);
            return null;
        }
        if (sequence.Children.Count == 0 && required)
        {
            Error(key, "is empty", expected);
            return null;
        }
        var items = new List<YamlMap>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            if (Of(sequence.Children[i], $"{PathOf(key)}[{i}]", Errors, itemExpected) is { } item)
                items.Add(item);
        }
        return items;
    }
}
