using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EdgeSecurity.Modbus.Profiles.Loading;

/// <summary>
/// One YAML mapping of a profile, read key by key. Every read validates and records problems with the node's
/// position, and returns null on a problem so that reading goes on and all errors are found in one pass. Keys no
/// read asked for are reported as unknown, so the valid keys are exactly the ones the reader reads.
/// </summary>
internal sealed class YamlMap
{
    private static readonly HashSet<string> NullScalars = ["", "~", "null", "Null", "NULL"];

    private readonly Dictionary<string, KeyValuePair<YamlNode, YamlNode>> _entries = new(StringComparer.Ordinal);
    private readonly List<string> _known = [];
    private readonly ProfileErrors _errors;

    private YamlMap(YamlMappingNode node, string path, ProfileErrors errors)
    {
        Path = path;
        Start = node.Start;
        _errors = errors;
        foreach (var entry in node.Children)
        {
            if (entry.Key is YamlScalarNode { Value: { } key })
                _entries[key] = entry;
            else
                errors.Add(entry.Key.Start, PathOf("?"), "a key is not plain text", "keys like 'name' or 'address'");
        }
    }

    public string Path { get; }

    public Mark Start { get; }

    public static YamlMap? Of(YamlNode node, string path, ProfileErrors errors, string expected)
    {
        if (node is YamlMappingNode mapping)
            return new YamlMap(mapping, path, errors);
        errors.Add(node.Start, path.Length == 0 ? null : path, $"found {Describe(node)}", expected);
        return null;
    }

    public string PathOf(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public Mark PositionOf(string key) => _entries.TryGetValue(key, out var entry) ? entry.Value.Start : Start;

    public void Error(string key, string problem, string expected) => _errors.Add(PositionOf(key), PathOf(key), problem, expected);

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
        return node is null ? null : Of(node, PathOf(key), _errors, expected);
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
            if (Of(sequence.Children[i], $"{PathOf(key)}[{i}]", _errors, itemExpected) is { } item)
                items.Add(item);
        }
        return items;
    }

    public void ReportUnknownKeys()
    {
        foreach (var (key, entry) in _entries.Where(e => !_known.Contains(e.Key)))
            _errors.Add(entry.Key.Start, PathOf(key), $"unknown key '{key}'{NameSuggestion.Hint(key, _known)}", $"one of: {string.Join(", ", _known)}");
    }

    private string? Scalar(string key, bool required, string expected)
    {
        var node = Value(key, required, expected);
        if (node is null)
            return null;
        if (node is YamlScalarNode { Value: { } text })
            return text;
        Error(key, $"found {Describe(node)}", expected);
        return null;
    }

    /// <summary>The value node of a key, marking the key as known; null when absent or null (reported if required).</summary>
    private YamlNode? Value(string key, bool required, string expected)
    {
        _known.Add(key);
        if (_entries.TryGetValue(key, out var entry) && !IsNull(entry.Value))
            return entry.Value;
        if (required)
            Error(key, _entries.ContainsKey(key) ? "has no value" : "is missing", expected);
        return null;
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode scalar && scalar.Style is ScalarStyle.Plain or ScalarStyle.Any && NullScalars.Contains(scalar.Value ?? "");

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode scalar => Quote(scalar.Value ?? ""),
        _ => "an unsupported node",
    };

    private static string Quote(string text) => text.Length <= 40 ? $"'{text}'" : $"'{text[..40]}…'";
}
