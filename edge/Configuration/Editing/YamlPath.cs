namespace EdgeSecurity.Configuration.Editing;

/// <summary>Where a node is in a YAML document: mapping keys and sequence indexes from the root, e.g. <c>cameras[0].zones</c>.</summary>
public sealed class YamlPath
{
    private readonly object[] _segments;

    private YamlPath(object[] segments) => _segments = segments;

    public static YamlPath Root { get; } = new([]);

    public IReadOnlyList<object> Segments => _segments;

    public bool IsRoot => _segments.Length == 0;

    public YamlPath Key(string key) => new([.. _segments, key]);

    public YamlPath Index(int index) => new([.. _segments, index]);

    public YamlPath Parent => IsRoot ? throw new InvalidOperationException("the root has no parent") : new(_segments[..^1]);

    public object Last => IsRoot ? throw new InvalidOperationException("the root has no last segment") : _segments[^1];

    public override string ToString() =>
        string.Concat(_segments.Select((s, i) => s is int index ? $"[{index}]" : i == 0 ? (string)s : "." + (string)s));
}
