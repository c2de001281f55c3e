using System.Collections.Immutable;
using System.Globalization;
using EdgeSecurity.Configuration;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EdgeSecurity.Video;

/// <summary>
/// Reads typed fields from a YAML mapping and collects every problem with its position, so one load reports them all
/// as <c>file:line:column: key: problem; expected ...</c>.
/// </summary>
internal sealed class YamlFields(ConfigErrors errors)
{
    public void Add(Mark at, string key, string problem, string expected) => errors.Add(at, key, problem, expected);

    public void CheckKeys(YamlMappingNode mapping, string path, params string[] allowed)
    {
        foreach (var key in mapping.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? key.ToString();
            if (!allowed.Contains(name, StringComparer.Ordinal))
                Add(key.Start, Join(path, name), $"unknown key '{name}'", $"one of {string.Join(", ", allowed)}");
        }
    }

    public YamlMappingNode? Mapping(YamlMappingNode parent, string path, string key, string expected)
    {
        var node = Find(parent, path, key, expected, required: true);
        if (node is null or YamlMappingNode)
            return node as YamlMappingNode;
        Add(node.Start, Join(path, key), "not a mapping", expected);
        return null;
    }

    public string? Text(YamlMappingNode parent, string path, string key, string expected, bool required = true)
    {
        var node = Find(parent, path, key, expected, required);
        if (node is null)
            return null;
        if (node is YamlScalarNode { Value: { Length: > 0 } value })
            return value;
        Add(node.Start, Join(path, key), "not a text value", expected);
        return null;
    }

    public T Choice<T>(YamlMappingNode parent, string path, string key, IReadOnlyDictionary<string, T> choices)
        where T : struct
    {
        var expected = $"one of {string.Join(", ", choices.Keys)}";
        var text = Text(parent, path, key, expected);
        if (text is null)
            return default;
        if (choices.TryGetValue(text, out var value))
            return value;
        Add(parent.Children[new YamlScalarNode(key)].Start, Join(path, key), $"'{text}' is not known", expected);
        return default;
    }

    public int Integer(YamlMappingNode parent, string path, string key, int min, int max, int? fallback = null)
    {
        var expected = string.Create(CultureInfo.InvariantCulture, $"an integer from {min} to {max}");
        var node = Find(parent, path, key, expected, required: fallback is null);
        return node is null ? fallback ?? 0 : ParseInteger(node, Join(path, key), min, max, expected);
    }

    public float Number(YamlMappingNode parent, string path, string key, float min, float max, float? fallback = null)
    {
        var expected = string.Create(CultureInfo.InvariantCulture, $"a number from {min} to {max}");
        var node = Find(parent, path, key, expected, required: fallback is null);
        return node is null ? fallback ?? 0 : ParseNumber(node, Join(path, key), min, max, expected);
    }

    public ImmutableArray<float> Numbers(YamlMappingNode parent, string path, string key, int count, float min, float max)
    {
        var expected = string.Create(CultureInfo.InvariantCulture, $"a list of {count} numbers from {min} to {max}");
        return List(parent, path, key, expected, count, (node, name) => ParseNumber(node, name, min, max, expected));
    }

    public ImmutableArray<int> Integers(YamlMappingNode parent, string path, string key, int min, int max)
    {
        var expected = string.Create(CultureInfo.InvariantCulture, $"a list of integers from {min} to {max}");
        return List(parent, path, key, expected, count: null, (node, name) => ParseInteger(node, name, min, max, expected));
    }

    private ImmutableArray<T> List<T>(YamlMappingNode parent, string path, string key, string expected, int? count, Func<YamlNode, string, T> parse)
    {
        var node = Find(parent, path, key, expected, required: true);
        if (node is null)
            return [];
        if (node is not YamlSequenceNode sequence || sequence.Children.Count == 0 || (count is not null && sequence.Children.Count != count))
        {
            Add(node.Start, Join(path, key), "not such a list", expected);
            return [];
        }
        return [.. sequence.Children.Select((item, i) => parse(item, string.Create(CultureInfo.InvariantCulture, $"{Join(path, key)}[{i}]")))];
    }

    private int ParseInteger(YamlNode node, string name, int min, int max, string expected)
    {
        if (node is YamlScalarNode { Value: { } text } && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            return value;
        Add(node.Start, name, $"'{(node as YamlScalarNode)?.Value}' is not such an integer", expected);
        return min;
    }

    private float ParseNumber(YamlNode node, string name, float min, float max, string expected)
    {
        if (node is YamlScalarNode { Value: { } text } && float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            return value;
        Add(node.Start, name, $"'{(node as YamlScalarNode)?.Value}' is not such a number", expected);
        return min;
    }

    private YamlNode? Find(YamlMappingNode parent, string path, string key, string expected, bool required)
    {
        if (parent.Children.TryGetValue(new YamlScalarNode(key), out var node))
            return node;
        if (required)
            Add(parent.Start, Join(path, key), "missing", expected);
        return null;
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}
