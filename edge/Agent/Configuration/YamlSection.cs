using System.Globalization;
using EdgeSecurity.Contract;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EdgeSecurity.Agent.Configuration;

/// <summary>
/// One YAML mapping of the config, read key by key. Every read validates and records problems with the
/// node's position; a failed read returns a placeholder so that reading goes on and all errors are found.
/// Keys that no read asked for are reported as unknown, so the set of valid keys is exactly what the loader reads.
/// </summary>
internal sealed class YamlSection
{
    private static readonly HashSet<string> NullScalars = ["", "~", "null", "Null", "NULL"];

    private readonly Dictionary<string, KeyValuePair<YamlNode, YamlNode>> _entries = new(StringComparer.Ordinal);
    private readonly List<string> _read = [];
    private readonly ConfigErrors _errors;
    private readonly Mark _start;
    private readonly string _path;

    // A section that was missing or malformed: its absence is reported once, so reads from it stay silent.
    private readonly bool _isPlaceholder;

    private YamlSection(YamlMappingNode? node, Mark start, string path, ConfigErrors errors)
    {
        _errors = errors;
        _start = start;
        _path = path;
        _isPlaceholder = node is null;
        foreach (var entry in node?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>())
        {
            if (entry.Key is YamlScalarNode { Value: { } key })
                _entries[key] = entry;
            else
                errors.Add(entry.Key.Start, PathOf("?"), "a key is not plain text", "keys like 'id' or 'heldOpenSeconds'");
        }
    }

    public static YamlSection Root(YamlNode node, ConfigErrors errors) => Of(node, "", errors, "a mapping with the keys gateway, broker and doors");

    public string PathOf(string key) => _path.Length == 0 ? key : $"{_path}.{key}";

    public Mark PositionOf(string key) => _entries.TryGetValue(key, out var entry) ? entry.Value.Start : _start;

    public void Error(string key, string problem, string expected)
    {
        if (!_isPlaceholder)
            _errors.Add(PositionOf(key), PathOf(key), problem, expected);
    }

    public string RequiredId(string key, string what) => Id(key, what, required: true) ?? "";

    public string? OptionalId(string key, string what) => Id(key, what, required: false);

    public string RequiredText(string key, int maxLength, string what) => Text(key, maxLength, what, required: true) ?? "";

    public string? OptionalText(string key, int maxLength, string what) => Text(key, maxLength, what, required: false);

    public int Integer(string key, int fallback, int min, int max, string? unit = null)
    {
        var expected = unit is null ? $"an integer from {min} to {max}" : $"an integer number of {unit} from {min} to {max}";
        var text = Scalar(key, expected, required: false);
        if (text is null)
            return fallback;
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Error(key, $"{Quote(text)} is not an integer", expected);
            return fallback;
        }
        if (value < min || value > max)
        {
            Error(key, $"{value} is out of range", expected);
            return fallback;
        }
        return value;
    }

    public bool Boolean(string key, bool fallback)
    {
        const string expected = "true or false";
        var text = Scalar(key, expected, required: false);
        if (text is null)
            return fallback;
        if (bool.TryParse(text, out var value))
            return value;
        Error(key, $"{Quote(text)} is not a boolean", expected);
        return fallback;
    }

    public YamlSection Section(string key, bool required, string what)
    {
        var node = Value(key, what, required);
        return node is null ? Placeholder(PositionOf(key), PathOf(key)) : Of(node, PathOf(key), _errors, what);
    }

    public IReadOnlyList<YamlSection> Sections(string key, string what, string itemWhat)
    {
        var node = Value(key, what, required: false);
        if (node is null)
            return [];
        if (node is not YamlSequenceNode sequence)
        {
            Error(key, $"found {Describe(node)}", what);
            return [];
        }
        return [.. sequence.Children.Select((item, i) => Of(item, $"{PathOf(key)}[{i}]", _errors, itemWhat))];
    }

    public void ReportUnknownKeys()
    {
        if (_isPlaceholder)
            return;
        foreach (var (key, entry) in _entries.Where(e => !_read.Contains(e.Key)))
        {
            var suggestion = KeySuggestion.Closest(key, _read);
            var hint = suggestion is null ? "" : $" (did you mean '{suggestion}'?)";
            _errors.Add(entry.Key.Start, PathOf(key), $"unknown key '{key}'{hint}", $"one of: {string.Join(", ", _read)}");
        }
    }

    private static YamlSection Of(YamlNode node, string path, ConfigErrors errors, string what)
    {
        if (node is YamlMappingNode mapping)
            return new YamlSection(mapping, node.Start, path, errors);
        errors.Add(node.Start, path.Length == 0 ? null : path, $"found {Describe(node)}", what);
        return Placeholder(node.Start, path);
    }

    private static YamlSection Placeholder(Mark start, string path) => new(null, start, path, new ConfigErrors(""));

    private string? Id(string key, string what, bool required)
    {
        var expected = $"{what}: {Identifiers.Rule}";
        var text = Scalar(key, expected, required);
        if (text is null || Identifiers.IsValid(text))
            return text;
        Error(key, $"{Quote(text)} is not a valid id", expected);
        return null;
    }

    private string? Text(string key, int maxLength, string what, bool required)
    {
        var expected = $"{what} of 1 to {maxLength} characters";
        var text = Scalar(key, expected, required);
        if (text is null || (text.Length > 0 && text.Length <= maxLength))
            return text;
        Error(key, text.Length == 0 ? "is empty" : $"text of {text.Length} characters is too long", expected);
        return null;
    }

    /// <summary>The text of a scalar value; null when absent, empty, or of the wrong kind (reported).</summary>
    private string? Scalar(string key, string expected, bool required)
    {
        var node = Value(key, expected, required);
        if (node is null)
            return null;
        if (node is YamlScalarNode { Value: { } text })
            return text;
        Error(key, $"found {Describe(node)}", expected);
        return null;
    }

    /// <summary>The value node of a key, marking the key as known; null when absent or null (reported if required).</summary>
    private YamlNode? Value(string key, string expected, bool required)
    {
        _read.Add(key);
        if (_entries.TryGetValue(key, out var entry) && !IsNull(entry.Value))
            return entry.Value;
        if (required)
        {
            var problem = _entries.ContainsKey(key) ? "has no value" : "is missing";
            Error(key, problem, expected);
        }
        return null;
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode scalar && (scalar.Style is ScalarStyle.Plain or ScalarStyle.Any) && NullScalars.Contains(scalar.Value ?? "");

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode scalar => Quote(scalar.Value ?? ""),
        _ => "an unsupported node",
    };

    private static string Quote(string text) => text.Length <= 40 ? $"'{text}'" : $"'{text[..40]}…'";
}
