using YamlDotNet.Core;

namespace EdgeSecurity.Configuration.Editing;

public enum YamlTextNodeKind { Scalar, Mapping, Sequence, Alias }

/// <summary>
/// One node of a YAML document with the exact characters it spans in the text, so that an edit can replace, insert or
/// remove just that node and leave every other character (comments, blank lines, quoting, indentation) as it was.
/// </summary>
public sealed class YamlTextNode
{
    internal YamlTextNode(YamlTextNodeKind kind, bool flow, int start, int end, Mark startMark)
    {
        Kind = kind;
        IsFlow = flow;
        Start = start;
        End = end;
        StartMark = startMark;
    }

    public YamlTextNodeKind Kind { get; }

    /// <summary>Written [a, b] or { k: v } on one line, rather than one entry or item per line.</summary>
    public bool IsFlow { get; }

    /// <summary>Index of the node's first character (a block mapping's first key, a block sequence's first dash).</summary>
    public int Start { get; internal set; }

    /// <summary>Index just after the node's last character of content (trailing line breaks and comments excluded).</summary>
    public int End { get; internal set; }

    public Mark StartMark { get; }

    /// <summary>The scalar's text as a reader sees it (quotes and escapes resolved); null for collections.</summary>
    public string? Value { get; internal init; }

    /// <summary>An empty value, ~ or null written plain: "key:" with nothing after it.</summary>
    public bool IsNull { get; internal init; }

    public IReadOnlyList<YamlTextEntry> Entries { get; internal init; } = [];

    public IReadOnlyList<YamlTextNode> Items { get; internal init; } = [];

    /// <summary>The value of a mapping's key; null when absent or when this is not a mapping.</summary>
    public YamlTextNode? Get(string key) => Entries.FirstOrDefault(e => e.Key == key)?.Value;

    /// <summary>The scalar value of a mapping's key, unless it is absent, null or not a scalar.</summary>
    public string? Text(string key) => Get(key) is { Kind: YamlTextNodeKind.Scalar, IsNull: false, Value: var value } ? value : null;
}

/// <summary>A key and its value; <see cref="ColonEnd"/> is just after the ':' that separates them.</summary>
public sealed record YamlTextEntry(string? Key, YamlTextNode KeyNode, YamlTextNode Value, int ColonEnd);
