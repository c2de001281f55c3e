using EdgeSecurity.Configuration;
using EdgeSecurity.Contract;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EdgeSecurity.Hub.Site;

/// <summary>One mapping of a site import file, read with the typed reads an import needs.</summary>
internal sealed class SiteYamlMapping : YamlMapping
{
    private SiteYamlMapping(YamlMappingNode? node, Mark start, string path, ConfigErrors errors)
        : base(node, start, path, errors, "keys like 'id' or 'name'")
    {
    }

    public int Line => (int)Start.Line;

    public static SiteYamlMapping Of(YamlNode node, string path, ConfigErrors errors, string what)
    {
        if (node is YamlMappingNode mapping)
            return new SiteYamlMapping(mapping, node.Start, path, errors);
        ReportNotMapping(node, path, errors, what);
        return new SiteYamlMapping(null, node.Start, path, errors);
    }

    public IReadOnlyList<SiteYamlMapping> Items(string key, string what) =>
        [.. Sequence(key, what).Select((item, i) => Of(item, $"{PathOf(key)}[{i}]", Errors, what))];

    public TEnum? Choice<TEnum>(string key) where TEnum : struct, Enum
    {
        var expected = $"one of {ApiNames.Choices<TEnum>()}";
        var text = Scalar(key, required: true, expected);
        if (text is null)
            return null;
        if (ApiNames.TryParse<TEnum>(text, out var value))
            return value;
        Error(key, $"{Quote(text)} is not valid{NameSuggestion.Hint(text, Enum.GetValues<TEnum>().Select(v => ApiNames.Of(v)))}", expected);
        return null;
    }

    public IReadOnlyList<string> Ids(string key, string what)
    {
        var expected = $"a list of {what}";
        var node = Value(key, required: false, expected);
        switch (node)
        {
            case null:
                return [];
            case YamlSequenceNode sequence when sequence.Children.All(c => c is YamlScalarNode { Value: not null }):
                var ids = sequence.Children.Select(c => ((YamlScalarNode)c).Value!).ToList();
                foreach (var bad in ids.Where(id => !Identifiers.IsValid(id)))
                    Error(key, $"{Quote(bad)} is not a valid id", $"{what}: {Identifiers.Rule}");
                return ids;
            default:
                Error(key, $"found {Describe(node)}", expected);
                return [];
        }
    }
}
