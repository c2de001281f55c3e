using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace EdgeSecurity.Configuration.Editing;

/// <summary>
/// A YAML text that is edited by splicing characters, never re-serialised: YamlDotNet's parser gives each node's
/// start and end, an edit replaces, inserts or removes the text of one node or entry, and everything else (comments,
/// blank lines, quoting, key order, CRLF line ends) stays byte for byte. New text follows the document's own
/// indentation and line ends. Each edit returns a new document, parsed again, so edits compose.
/// </summary>
public sealed class YamlTextDocument
{
    private const int DefaultIndent = 2;
    private static readonly HashSet<string> NullScalars = ["", "~", "null", "Null", "NULL"];

    private readonly int _indentStep;
    private readonly int _sequenceOffset;

    private YamlTextDocument(string text)
    {
        Text = text;
        NewLine = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        Root = ReadRoot(text);
        (_indentStep, _sequenceOffset) = MeasureIndentation();
    }

    public string Text { get; }

    /// <summary>The root node; null for a document without content (empty, or comments only).</summary>
    public YamlTextNode? Root { get; }

    /// <summary>The line end of the document ("\r\n" when it has any), used for every line an edit adds.</summary>
    public string NewLine { get; }

    /// <exception cref="YamlException">The text is not well-formed YAML; the exception's Start mark says where.</exception>
    public static YamlTextDocument Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new YamlTextDocument(text);
    }

    public YamlTextNode? Find(YamlPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var node = Root;
        foreach (var segment in path.Segments)
        {
            node = (segment, node) switch
            {
                (string key, { Kind: YamlTextNodeKind.Mapping }) => node.Get(key),
                (int index, { Kind: YamlTextNodeKind.Sequence }) when index >= 0 && index < node.Items.Count => node.Items[index],
                _ => null,
            };
            if (node is null)
                return null;
        }
        return node;
    }

    /// <summary>Sets a key of the mapping at <paramref name="mapping"/>: replaces its value, or adds the entry after the last one. A missing mapping is created.</summary>
    public YamlTextDocument Set(YamlPath mapping, string key, YamlValue value)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        var node = Find(mapping);
        if (node is null || node.IsNull)
        {
            if (mapping.IsRoot)
                return AppendToEnd(RenderEntry(key, value, 0));
            return Set(mapping.Parent, KeyOf(mapping), YamlValue.BlockMap([new(key, value)]));
        }
        if (node.Kind != YamlTextNodeKind.Mapping)
            throw new InvalidOperationException($"{Describe(mapping)} is not a mapping");
        var entry = node.Entries.FirstOrDefault(e => e.Key == key);
        if (entry is not null)
            return ReplaceValue(entry, value);
        if (node.IsFlow)
        {
            var written = $"{YamlScalarValue.Format(key)}: {value.Inline()}";
            return node.Entries.Count == 0
                ? Splice(node.Start, node.End, "{ " + written + " }")
                : Splice(node.Entries[^1].Value.End, node.Entries[^1].Value.End, ", " + written);
        }
        var column = ColumnOf(node.Entries[0].KeyNode.Start);
        var at = ExtentEnd(node.Entries[^1].Value.End, column);
        return InsertLines(at, RenderEntry(key, value, column));
    }

    /// <summary>Adds an item at the end of the list under <paramref name="key"/> of the mapping at <paramref name="mapping"/>, creating the list (and the mapping) when missing.</summary>
    public YamlTextDocument Append(YamlPath mapping, string key, YamlValue item)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(item);
        var list = Find(mapping.Key(key));
        if (list is null || list.IsNull || (list.Kind == YamlTextNodeKind.Sequence && list.Items.Count == 0))
            return Set(mapping, key, YamlValue.BlockList([item]));
        if (list.Kind != YamlTextNodeKind.Sequence)
            throw new InvalidOperationException($"{mapping.Key(key)} is not a list");
        if (list.IsFlow)
            return Splice(list.Items[^1].End, list.Items[^1].End, ", " + item.Inline());
        var dash = DashOf(list.Items[^1]);
        var column = ColumnOf(dash);
        var at = ExtentEnd(list.Items[^1].End, column);
        return InsertLines(at, RenderItem(item, column));
    }

    /// <summary>Removes a mapping entry (the path ends with its key) or a list item (the path ends with its index), with its own lines and trailing comments.</summary>
    public YamlTextDocument Remove(YamlPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var parent = Find(path.Parent) ?? throw new InvalidOperationException($"{path.Parent} does not exist");
        if (path.Last is int index)
        {
            if (parent.Kind != YamlTextNodeKind.Sequence || index < 0 || index >= parent.Items.Count)
                throw new InvalidOperationException($"{path} does not exist");
            var item = parent.Items[index];
            if (parent.IsFlow)
                return RemoveFlow(parent.Items, index, i => i.Start, i => i.End);
            var dash = DashOf(item);
            return Splice(LineStart(dash), ExtentEnd(item.End, ColumnOf(dash)), "");
        }
        var key = (string)path.Last;
        if (parent.Kind != YamlTextNodeKind.Mapping || parent.Entries.All(e => e.Key != key))
            throw new InvalidOperationException($"{path} does not exist");
        var position = parent.Entries.ToList().FindIndex(e => e.Key == key);
        var entry = parent.Entries[position];
        if (parent.IsFlow)
            return RemoveFlow(parent.Entries, position, e => e.KeyNode.Start, e => e.Value.End);
        var keyStart = entry.KeyNode.Start;
        if (!IsFirstOnLine(keyStart))
        {
            // "- id: x" with its first key on the dash's line: the next key moves up onto that line.
            return position + 1 < parent.Entries.Count
                ? Splice(keyStart, parent.Entries[position + 1].KeyNode.Start, "")
                : Splice(keyStart, entry.Value.End, "{}");
        }
        return Splice(LineStart(keyStart), ExtentEnd(entry.Value.End, ColumnOf(keyStart)), "");
    }

    private YamlTextDocument ReplaceValue(YamlTextEntry entry, YamlValue value)
    {
        var old = entry.Value;
        var oldIsBlock = !old.IsNull && !old.IsFlow && old.Kind is YamlTextNodeKind.Mapping or YamlTextNodeKind.Sequence;
        var column = ColumnOf(entry.KeyNode.Start);
        if (value.IsInline)
        {
            if (oldIsBlock || old.IsNull)
                return Splice(entry.ColonEnd, oldIsBlock ? old.End : entry.ColonEnd, " " + value.Inline());
            return Splice(old.Start, old.End, value.Inline());
        }
        // The value's lines as they would follow the key, without the key's own line.
        var lines = RenderEntry("", value, column);
        var block = NewLine + lines[(lines.IndexOf('\n', StringComparison.Ordinal) + 1)..].TrimEnd('\n').Replace("\n", NewLine, StringComparison.Ordinal);
        var oldEnd = old.IsNull ? entry.ColonEnd : old.End;
        if (oldIsBlock || LineStart(oldEnd) != LineStart(entry.ColonEnd))
            return Splice(entry.ColonEnd, oldEnd, block);
        // "broker:   # the hub's" or "doors: []   # none yet": the comment stays on the key's line, the new lines go below it.
        var lineEnd = LineEnd(oldEnd);
        return Splice(entry.ColonEnd, lineEnd, Text[oldEnd..lineEnd] + block);
    }

    private YamlTextDocument RemoveFlow<T>(IReadOnlyList<T> elements, int index, Func<T, int> start, Func<T, int> end)
    {
        if (index + 1 < elements.Count)
            return Splice(start(elements[index]), start(elements[index + 1]), "");
        if (index > 0)
            return Splice(end(elements[index - 1]), end(elements[index]), "");
        return Splice(start(elements[index]), end(elements[index]), "");
    }

    /// <summary>"key: value\n" or "key:\n  nested...\n" with the key at <paramref name="column"/>.</summary>
    private string RenderEntry(string key, YamlValue value, int column)
    {
        var text = new StringBuilder();
        text.Append(' ', column).Append(YamlScalarValue.Format(key)).Append(':');
        AppendAfterKey(text, value, column);
        return text.ToString();
    }

    private void AppendAfterKey(StringBuilder text, YamlValue value, int column)
    {
        switch (value)
        {
            case YamlMappingValue { Flow: false, Entries.Count: > 0 } mapping:
                text.Append('\n');
                foreach (var (key, nested) in mapping.Entries)
                    text.Append(RenderEntry(key, nested, column + _indentStep));
                break;
            case YamlSequenceValue { Flow: false, Items.Count: > 0 } sequence:
                text.Append('\n');
                foreach (var item in sequence.Items)
                    text.Append(RenderItem(item, column + _sequenceOffset));
                break;
            default:
                text.Append(' ').Append(value.Inline()).Append('\n');
                break;
        }
    }

    /// <summary>"- value\n", or a block mapping with its first key on the dash's line.</summary>
    private string RenderItem(YamlValue item, int dashColumn)
    {
        var text = new StringBuilder();
        text.Append(' ', dashColumn).Append("- ");
        if (item is YamlMappingValue { Flow: false, Entries.Count: > 0 } mapping)
        {
            var first = RenderEntry(mapping.Entries[0].Key, mapping.Entries[0].Value, dashColumn + 2);
            text.Append(first[(dashColumn + 2)..]);
            foreach (var (key, value) in mapping.Entries.Skip(1))
                text.Append(RenderEntry(key, value, dashColumn + 2));
        }
        else
        {
            text.Append(item.Inline()).Append('\n');
        }
        return text.ToString();
    }

    private YamlTextDocument AppendToEnd(string lines) => InsertLines(Text.Length, lines);

    /// <summary>Inserts whole lines (written with "\n") at a line start, in the document's line ends.</summary>
    private YamlTextDocument InsertLines(int at, string lines)
    {
        var prefix = at > 0 && Text[at - 1] != '\n' ? NewLine : "";
        return Splice(at, at, prefix + lines.Replace("\n", NewLine, StringComparison.Ordinal));
    }

    private YamlTextDocument Splice(int start, int end, string replacement) =>
        new(string.Concat(Text.AsSpan(0, start), replacement, Text.AsSpan(end)));

    /// <summary>
    /// Where the lines of a block entry or item ending at <paramref name="contentEnd"/> end: after its last line,
    /// and after the comment lines right below it that are indented deeper than <paramref name="column"/> (its own).
    /// </summary>
    private int ExtentEnd(int contentEnd, int column)
    {
        var position = NextLineStart(contentEnd);
        while (position < Text.Length)
        {
            var indent = 0;
            while (position + indent < Text.Length && Text[position + indent] == ' ')
                indent++;
            if (position + indent >= Text.Length || Text[position + indent] != '#' || indent <= column)
                break;
            position = NextLineStart(position);
        }
        return position;
    }

    private int NextLineStart(int index)
    {
        var newline = Text.IndexOf('\n', index);
        return newline < 0 ? Text.Length : newline + 1;
    }

    /// <summary>Where the line of <paramref name="index"/> ends: its '\r' or '\n', or the end of the text.</summary>
    private int LineEnd(int index)
    {
        var newline = Text.IndexOf('\n', index);
        return newline < 0 ? Text.Length : newline > 0 && Text[newline - 1] == '\r' ? newline - 1 : newline;
    }

    private int LineStart(int index) => index == 0 ? 0 : Text.LastIndexOf('\n', index - 1) + 1;

    private int ColumnOf(int index) => index - LineStart(index);

    private bool IsFirstOnLine(int index) => Text.AsSpan(LineStart(index), index - LineStart(index)).Trim(' ').IsEmpty;

    /// <summary>The '-' of a block sequence item (the item's own start is its content, e.g. a mapping's first key).</summary>
    private int DashOf(YamlTextNode item)
    {
        var i = item.Start - 1;
        while (i >= 0 && Text[i] is ' ' or '\n' or '\r')
            i--;
        return i >= 0 && Text[i] == '-' ? i : item.Start;
    }

    private static string Describe(YamlPath path) => path.IsRoot ? "the top level" : path.ToString();

    private static string KeyOf(YamlPath path) =>
        path.Last as string ?? throw new InvalidOperationException($"{path} does not exist, and an item of a list is not created by setting a key");

    /// <summary>The document's indentation: of nested mappings under their key, and of lists under their key (0 or more).</summary>
    private (int Step, int SequenceOffset) MeasureIndentation()
    {
        int? step = null, offset = null;
        void Visit(YamlTextNode node)
        {
            foreach (var entry in node.Entries)
            {
                var value = entry.Value;
                if (!value.IsFlow && value.Kind == YamlTextNodeKind.Mapping && value.Entries.Count > 0 && IsFirstOnLine(value.Start))
                    step ??= ColumnOf(value.Start) - ColumnOf(entry.KeyNode.Start) is > 0 and var s ? s : null;
                if (!value.IsFlow && value.Kind == YamlTextNodeKind.Sequence && value.Items.Count > 0)
                    offset ??= Math.Max(0, ColumnOf(DashOf(value.Items[0])) - ColumnOf(entry.KeyNode.Start));
                Visit(value);
            }
            foreach (var item in node.Items)
                Visit(item);
        }
        if (Root is not null)
            Visit(Root);
        return (step ?? DefaultIndent, offset ?? step ?? DefaultIndent);
    }

    private static YamlTextNode? ReadRoot(string text)
    {
        var parser = new Parser(new StringReader(text));
        parser.Consume<StreamStart>();
        if (!parser.TryConsume<DocumentStart>(out _))
            return null;
        var root = ReadNode(parser, text);
        // The rest is read for its syntax errors only: a second document is the loader's to report.
        while (parser.MoveNext())
        {
        }
        return root.IsNull && root.Kind == YamlTextNodeKind.Scalar ? null : root;
    }

    private static YamlTextNode ReadNode(IParser parser, string text)
    {
        var current = parser.Current ?? throw new YamlException("unexpected end of the YAML stream");
        parser.MoveNext();
        switch (current)
        {
            case Scalar scalar:
                var isNull = scalar.Style is ScalarStyle.Plain or ScalarStyle.Any && NullScalars.Contains(scalar.Value);
                return new YamlTextNode(YamlTextNodeKind.Scalar, flow: false, Index(scalar.Start), TrimmedEnd(text, Index(scalar.Start), Index(scalar.End)), scalar.Start)
                {
                    Value = scalar.Value,
                    IsNull = isNull,
                };
            case AnchorAlias alias:
                return new YamlTextNode(YamlTextNodeKind.Alias, flow: false, Index(alias.Start), Index(alias.End), alias.Start);
            case SequenceStart start:
            {
                var items = new List<YamlTextNode>();
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    var item = ReadNode(parser, text);
                    if (item.IsNull && item.Kind == YamlTextNodeKind.Scalar && start.Style != SequenceStyle.Flow)
                        item.Start = item.End = DashEnd(text, items.Count == 0 ? Index(start.Start) : items[^1].End);
                    items.Add(item);
                }
                var flow = start.Style == SequenceStyle.Flow;
                return new YamlTextNode(YamlTextNodeKind.Sequence, flow, Index(start.Start), flow ? FlowEnd(text, items, Index(start.Start), ']') : BlockEnd(items, Index(start.Start)), start.Start)
                {
                    Items = items,
                };
            }
            case MappingStart start:
            {
                var entries = new List<YamlTextEntry>();
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    var key = ReadNode(parser, text);
                    var colonEnd = ColonEnd(text, key.End);
                    var value = ReadNode(parser, text);
                    if (value.IsNull && value.Kind == YamlTextNodeKind.Scalar)
                        value.Start = value.End = colonEnd;
                    entries.Add(new YamlTextEntry(key.Kind == YamlTextNodeKind.Scalar ? key.Value : null, key, value, colonEnd));
                }
                var flow = start.Style == MappingStyle.Flow;
                var values = entries.Select(e => e.Value).ToList();
                return new YamlTextNode(YamlTextNodeKind.Mapping, flow, Index(start.Start), flow ? FlowEnd(text, values, Index(start.Start), '}') : BlockEnd(values, Index(start.Start)), start.Start)
                {
                    Entries = entries,
                };
            }
            default:
                throw new YamlException(current.Start, current.End, $"unexpected {current.GetType().Name} in the YAML stream");
        }
    }

    private static int Index(Mark mark) => (int)mark.Index;

    private static int BlockEnd(List<YamlTextNode> children, int start) => children.Count == 0 ? start : children[^1].End;

    /// <summary>Just after the closing bracket: the parser's end mark of a flow collection is not reliable about it, the text is.</summary>
    private static int FlowEnd(string text, List<YamlTextNode> children, int start, char closing)
    {
        var from = children.Count == 0 ? start + 1 : children[^1].End;
        var close = text.IndexOf(closing, from);
        return close < 0 ? text.Length : close + 1;
    }

    private static int TrimmedEnd(string text, int start, int end)
    {
        end = Math.Min(end, text.Length);
        while (end > start && text[end - 1] is '\n' or '\r' or ' ')
            end--;
        return end;
    }

    private static int ColonEnd(string text, int keyEnd)
    {
        var i = keyEnd;
        while (i < text.Length && text[i] is ' ' or '"' or '\'')
            i++;
        return i < text.Length && text[i] == ':' ? i + 1 : keyEnd;
    }

    private static int DashEnd(string text, int from)
    {
        var dash = text.IndexOf('-', from);
        return dash < 0 ? from : dash + 1;
    }
}
