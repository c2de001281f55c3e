using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace EdgeSecurity.Cli.Enrolment;

/// <summary>
/// Sets scalar keys of top-level sections (<c>gateway.id</c>, <c>broker.password</c>) in the agent's YAML by editing
/// the text where the parser found them, so every other line, comments and layout included, stays as the installer
/// wrote it. A key that is missing is added at the end of its section; a missing section at the end of the file.
/// </summary>
public static partial class AgentConfigEdit
{
    /// <param name="changes">Values already written as YAML scalars: <see cref="Text"/> or <see cref="Number"/>.</param>
    /// <exception cref="YamlException">The text is not YAML, or its root is not a mapping.</exception>
    public static string Apply(string yaml, IReadOnlyList<(string Section, string Key, string Value)> changes)
    {
        var edits = new List<(long At, long Length, string Text)>();
        var sections = Locate(yaml);
        var appended = new StringBuilder();
        foreach (var group in changes.GroupBy(c => c.Section))
        {
            if (!sections.TryGetValue(group.Key, out var section))
            {
                appended.Append(group.Key).Append(":\n");
                foreach (var change in group)
                    appended.Append("  ").Append(change.Key).Append(": ").Append(change.Value).Append('\n');
                continue;
            }

            var inserted = new StringBuilder();
            foreach (var change in group)
            {
                if (section.Values.TryGetValue(change.Key, out var span))
                    edits.Add((span.Start, span.End - span.Start, span.Start == span.End ? " " + change.Value : change.Value));
                else if (section.Flow)
                    inserted.Append(", ").Append(change.Key).Append(": ").Append(change.Value);
                else
                    inserted.Append('\n').Append(' ', section.Indent).Append(change.Key).Append(": ").Append(change.Value);
            }
            if (inserted.Length > 0)
                edits.Add((section.InsertAt, 0, inserted.ToString()));
        }

        var text = new StringBuilder(yaml);
        foreach (var (at, length, replacement) in edits.OrderByDescending(e => e.At))
            text.Remove((int)at, (int)length).Insert((int)at, replacement);
        if (appended.Length > 0)
        {
            if (text.Length > 0 && text[^1] != '\n')
                text.Append('\n');
            text.Append(appended);
        }
        return text.ToString();
    }

    private static Dictionary<string, SectionSpan> Locate(string yaml)
    {
        var sections = new Dictionary<string, SectionSpan>(StringComparer.Ordinal);
        var parser = new Parser(new StringReader(yaml));
        parser.Consume<StreamStart>();
        if (parser.Accept<StreamEnd>(out _))
            return sections;
        parser.Consume<DocumentStart>();
        if (parser.Accept<Scalar>(out var empty) && empty.Value.Length == 0)
            return sections;
        var root = parser.Consume<MappingStart>();
        if (root.Style == MappingStyle.Flow)
            throw new YamlException(root.Start, root.End, "the config's top level is a {...} mapping; expected one key per line");
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var key = parser.Consume<Scalar>();
            if (parser.TryConsume<MappingStart>(out var start))
                sections[key.Value] = ReadSection(parser, yaml, start);
            else if (parser.Accept<Scalar>(out var value) && value is { Value.Length: 0, Style: ScalarStyle.Plain })
            {
                // "broker:" with nothing under it yet: its keys go on the lines after it.
                parser.MoveNext();
                sections[key.Value] = new SectionSpan([], 2, false, EndOfLine(yaml, key.End.Index));
            }
            else
                SkipNode(parser);
        }
        return sections;
    }

    private static SectionSpan ReadSection(IParser parser, string yaml, MappingStart start)
    {
        var values = new Dictionary<string, (long Start, long End)>(StringComparer.Ordinal);
        var indent = -1;
        long lastEnd = start.End.Index;
        while (true)
        {
            if (parser.TryConsume<MappingEnd>(out _))
            {
                var insertAt = start.Style == MappingStyle.Flow ? lastEnd : EndOfLine(yaml, lastEnd);
                return new SectionSpan(values, indent < 0 ? 2 : indent, start.Style == MappingStyle.Flow, insertAt);
            }
            var key = parser.Consume<Scalar>();
            if (indent < 0)
                indent = (int)key.Start.Column - 1;
            if (parser.TryConsume<Scalar>(out var value))
            {
                // An empty value ("password:") has no text of its own: the new one goes right after the colon.
                var span = value.Value.Length == 0 && value.Style == ScalarStyle.Plain ? (key.End.Index + 1, key.End.Index + 1) : (value.Start.Index, value.End.Index);
                values[key.Value] = span;
                lastEnd = span.Item2;
            }
            else
            {
                lastEnd = SkipNode(parser);
            }
        }
    }

    /// <summary>Skips one node (scalar, alias or collection); the end of its last text (a block collection's end event lies beyond it).</summary>
    private static long SkipNode(IParser parser)
    {
        var flow = new Stack<bool>();
        long lastEnd = 0;
        do
        {
            var current = parser.Consume<ParsingEvent>();
            switch (current)
            {
                case MappingStart mapping:
                    flow.Push(mapping.Style == MappingStyle.Flow);
                    break;
                case SequenceStart sequence:
                    flow.Push(sequence.Style == SequenceStyle.Flow);
                    break;
                case MappingEnd or SequenceEnd:
                    if (flow.Pop())
                        lastEnd = Math.Max(lastEnd, current.End.Index);
                    break;
                default:
                    lastEnd = Math.Max(lastEnd, current.End.Index);
                    break;
            }
        }
        while (flow.Count > 0);
        return lastEnd;
    }

    /// <summary>Where a new key goes after a value: at the end of its line, after any comment on it.</summary>
    private static long EndOfLine(string yaml, long index)
    {
        var newline = yaml.IndexOf('\n', (int)index);
        return newline < 0 ? yaml.Length : newline;
    }

    /// <summary>Plain when it cannot be read as anything but this string; otherwise double-quoted.</summary>
    public static string Text(string value) =>
        PlainSafe().IsMatch(value) && !ReadAsOtherType().IsMatch(value)
            ? value
            : "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>A port stays a number in the file.</summary>
    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex PlainSafe();

    [GeneratedRegex("^(?i:true|false|yes|no|on|off|null|y|n)$|^[0-9][0-9._]*$|^0x|^0o")]
    private static partial Regex ReadAsOtherType();

    private sealed record SectionSpan(Dictionary<string, (long Start, long End)> Values, int Indent, bool Flow, long InsertAt);
}
