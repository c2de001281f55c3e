using System.Globalization;
using EdgeSecurity.Configuration;
using EdgeSecurity.Contract;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EdgeSecurity.Agent.Configuration;

/// <summary>
/// One YAML mapping of the agent config. A failed read returns a fallback, and a missing or malformed section a
/// silent placeholder, so that the loader reads on without null checks and finds every error.
/// </summary>
internal sealed class YamlSection : YamlMapping
{
    private const string KeyExample = "keys like 'id' or 'heldOpenSeconds'";

    private readonly YamlMappingNode? _node;

    private YamlSection(YamlMappingNode? node, Mark start, string path, ConfigErrors errors)
        : base(node, start, path, errors, KeyExample)
    {
        _node = node;
    }

    public delegate bool Parser<T>(string text, out T value);

    /// <summary>The plain-text keys of this mapping, for sections whose keys are data (e.g. event types).</summary>
    public IReadOnlyList<string> Keys() =>
        [.. (_node?.Children.Keys ?? []).OfType<YamlScalarNode>().Select(key => key.Value).OfType<string>()];

    /// <summary>A list of scalars (or one scalar, read as a list of one), each parsed; a bad item is reported where it is and left out.</summary>
    public IReadOnlyList<T> List<T>(string key, string expected, Parser<T> parse)
    {
        var node = Value(key, required: false, expected);
        IReadOnlyList<YamlNode> items = node switch
        {
            null => [],
            YamlSequenceNode sequence => [.. sequence.Children],
            _ => [node],
        };
        var values = new List<T>();
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = node is YamlSequenceNode ? $"{PathOf(key)}[{i}]" : PathOf(key);
            if (items[i] is YamlScalarNode { Value: { } text } && parse(text, out var value))
                values.Add(value);
            else
                Errors.Add(items[i].Start, itemPath, items[i] is YamlScalarNode { Value: { } bad } ? $"{Quote(bad)} is not valid" : $"found {Describe(items[i])}", expected);
        }
        return values;
    }

    /// <summary>Whether the key is present, without reading it.</summary>
    public bool Has(string key) => _node?.Children.Keys.OfType<YamlScalarNode>().Any(k => k.Value == key) ?? false;

    public static YamlSection Root(YamlNode node, ConfigErrors errors) => Of(node, "", errors, "a mapping with the keys gateway, broker and doors");

    public string RequiredId(string key, string what) => Id(key, required: true, what) ?? "";

    public string? OptionalId(string key, string what) => Id(key, required: false, what);

    public string RequiredText(string key, int maxLength, string what) => Text(key, maxLength, required: true, what) ?? "";

    public string? OptionalText(string key, int maxLength, string what) => Text(key, maxLength, required: false, what);

    public YamlSection Section(string key, bool required, string what)
    {
        var node = Value(key, required, what);
        return node is null ? Placeholder(PositionOf(key), PathOf(key), Errors) : Of(node, PathOf(key), Errors, what);
    }

    public IReadOnlyList<YamlSection> Sections(string key, string what, string itemWhat) =>
        [.. Sequence(key, what).Select((item, i) => Of(item, $"{PathOf(key)}[{i}]", Errors, itemWhat))];

    /// <summary>A key's node (null when absent) and the error list, for a reader with its own typed reads (the cameras section).</summary>
    public (YamlNode? Node, ConfigErrors Errors) Raw(string key, string what) => (Value(key, required: false, what), Errors);

    private static YamlSection Of(YamlNode node, string path, ConfigErrors errors, string what)
    {
        if (node is YamlMappingNode mapping)
            return new YamlSection(mapping, node.Start, path, errors);
        ReportNotMapping(node, path, errors, what);
        return Placeholder(node.Start, path, errors);
    }

    private static YamlSection Placeholder(Mark start, string path, ConfigErrors errors) => new(null, start, path, errors);
}
