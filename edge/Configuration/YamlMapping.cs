using System.Globalization;
using EdgeSecurity.Contract;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EdgeSecurity.Configuration;

/// <summary>
/// One YAML mapping, read key by key. Every read validates and records problems with the node's position, so that
/// reading goes on and all errors of a file are found in one pass. Keys that no read asked for are reported as unknown,
/// so the valid keys are exactly the ones the loader reads. Loaders derive from it to add their typed reads.
/// </summary>
public abstract class YamlMapping
{
    private static readonly HashSet<string> NullScalars = ["", "~", "null", "Null", "NULL"];

    private readonly Dictionary<string, KeyValuePair<YamlNode, YamlNode>> _entries = new(StringComparer.Ordinal);
    private readonly List<string> _known = [];

    // A mapping that was missing or malformed: its absence is reported once, so reads from it stay silent.
    private readonly bool _isPlaceholder;

    /// <param name="node">The mapping, or null for a placeholder that stands in for a missing or malformed one.</param>
    /// <param name="keyExample">What keys look like, for the error on a key that is not plain text.</param>
    protected YamlMapping(YamlMappingNode? node, Mark start, string path, ConfigErrors errors, string keyExample)
    {
        Errors = errors;
        Start = start;
        Path = path;
        _isPlaceholder = node is null;
        foreach (var entry in node?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>())
        {
            if (entry.Key is YamlScalarNode { Value: { } key })
                _entries[key] = entry;
            else
                errors.Add(entry.Key.Start, PathOf("?"), "a key is not plain text", keyExample);
        }
    }

    public string Path { get; }

    public Mark Start { get; }

    protected ConfigErrors Errors { get; }

    public string PathOf(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public Mark PositionOf(string key) => _entries.TryGetValue(key, out var entry) ? entry.Value.Start : Start;

    public void Error(string key, string problem, string expected)
    {
        if (!_isPlaceholder)
            Errors.Add(PositionOf(key), PathOf(key), problem, expected);
    }

    public void ReportUnknownKeys()
    {
        foreach (var (key, entry) in _entries.Where(e => !_known.Contains(e.Key)))
            Errors.Add(entry.Key.Start, PathOf(key), $"unknown key '{key}'{NameSuggestion.Hint(key, _known)}", $"one of: {string.Join(", ", _known)}");
    }

    /// <summary>An id (<see cref="Identifiers.Rule"/>); null when absent or invalid (reported).</summary>
    public string? Id(string key, bool required, string what)
    {
        var expected = $"{what}: {Identifiers.Rule}";
        var text = Scalar(key, required, expected);
        if (text is null || Identifiers.IsValid(text))
            return text;
        Error(key, $"{Quote(text)} is not a valid id", expected);
        return null;
    }

    /// <summary>Free text of 1 to <paramref name="maxLength"/> characters; null when absent or invalid (reported).</summary>
    public string? Text(string key, int maxLength, bool required, string what)
    {
        var expected = $"{what} of 1 to {maxLength} characters";
        var text = Scalar(key, required, expected);
        if (text is null || (text.Length > 0 && text.Length <= maxLength))
            return text;
        Error(key, text.Length == 0 ? "is empty" : $"text of {text.Length} characters is too long", expected);
        return null;
    }

    public int WholeNumber(string key, int fallback, int min, int max, string? unit = null)
    {
        var expected = unit is null ? $"an integer from {min} to {max}" : $"an integer number of {unit} from {min} to {max}";
        var text = Scalar(key, required: false, expected);
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
        var text = Scalar(key, required: false, expected);
        if (text is null)
            return fallback;
        if (bool.TryParse(text, out var value))
            return value;
        Error(key, $"{Quote(text)} is not a boolean", expected);
        return fallback;
    }

    /// <summary>The items of a list; none when absent, or when the value is not a list (reported).</summary>
    protected IReadOnlyList<YamlNode> Sequence(string key, string what)
    {
        var node = Value(key, required: false, what);
        if (node is null)
            return [];
        if (node is YamlSequenceNode sequence)
            return [.. sequence.Children];
        Error(key, $"found {Describe(node)}", what);
        return [];
    }

    /// <summary>Reports a node found where a mapping belongs.</summary>
    protected static void ReportNotMapping(YamlNode node, string path, ConfigErrors errors, string expected) =>
        errors.Add(node.Start, path.Length == 0 ? null : path, $"found {Describe(node)}", expected);

    /// <summary>The text of a scalar value; null when absent, empty, or of the wrong kind (reported).</summary>
    protected string? Scalar(string key, bool required, string expected)
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
    protected YamlNode? Value(string key, bool required, string expected)
    {
        _known.Add(key);
        if (_entries.TryGetValue(key, out var entry) && !IsNull(entry.Value))
            return entry.Value;
        if (required)
            Error(key, _entries.ContainsKey(key) ? "has no value" : "is missing", expected);
        return null;
    }

    protected static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode scalar => Quote(scalar.Value ?? ""),
        _ => "an unsupported node",
    };

    protected static string Quote(string text) => text.Length <= 40 ? $"'{text}'" : $"'{text[..40]}…'";

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode scalar && (scalar.Style is ScalarStyle.Plain or ScalarStyle.Any) && NullScalars.Contains(scalar.Value ?? "");
}
