using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace EdgeSecurity.Testing.Fuzz;

/// <summary>
/// Structure-aware mutations of valid samples (JSON nodes, YAML lines, bytes) and random building blocks: strings
/// with every kind of awkward character, huge numbers, deep nesting, duplicate keys.
/// </summary>
public static class Mutate
{
    private static readonly string[] AwkwardStrings =
    [
        "", " ", "\t", "\n", "\r\n", "\0", "\\", "\"", "'", ",", "=", ":", "#", "-", "- ", "{", "}", "[", "]", "&a", "*a", "!!binary", "%",
        "null", "true", "NaN", "Infinity", "-0", "1e400", "0x10", "你好", "烟感", "\u202e", "\ufeff", "\ud83d\ude00", "é", "e\u0301",
        "../../etc/passwd", "/dev/null", "%s%n", "${HOME}", "\u0085", "\u2028",
    ];

    private static readonly string[] HugeNumbers =
    [
        "1e400", "-1e400", "99999999999999999999999999999", "-9223372036854775809", "9223372036854775808", "2147483648", "-2147483649",
        "1.7976931348623157e308", "4.9e-324", "-0", "0.1e-999", "18446744073709551616", "1" + new string('0', 400),
    ];

    private static readonly int[] JsonDepths = [10, 63, 64, 65, 500];
    private static readonly System.Text.Json.JsonSerializerOptions DeepWriting = new() { MaxDepth = 4096 };
    private static readonly int[] YamlDepths = [5, 100, 2000];

    public static T Pick<T>(Random random, IReadOnlyList<T> items)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(items);
        return items[random.Next(items.Count)];
    }

    public static string HugeNumber(Random random) => Pick(random, HugeNumbers);

    /// <summary>A short string of awkward pieces, random code points (any plane, valid UTF-16) and plain letters.</summary>
    public static string AwkwardString(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var text = new StringBuilder();
        var parts = random.Next(1, 5);
        for (var i = 0; i < parts; i++)
        {
            switch (random.Next(4))
            {
                case 0:
                    text.Append(Pick(random, AwkwardStrings));
                    break;
                case 1:
                    text.Append(CodePoint(random));
                    break;
                case 2:
                    text.Append((char)random.Next(0x20, 0x7f));
                    break;
                default:
                    text.Append((char)random.Next(0, 0x20));
                    break;
            }
        }
        return text.ToString();
    }

    /// <summary>Any Unicode scalar value, as text (never a lone surrogate).</summary>
    public static string CodePoint(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        while (true)
        {
            var value = random.Next(4) == 0 ? random.Next(0x10000, 0x110000) : random.Next(0, 0x10000);
            if (value is < 0xD800 or > 0xDFFF)
                return char.ConvertFromUtf32(value);
        }
    }

    public static byte[] RandomBytes(Random random, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(random);
        var bytes = new byte[random.Next(maxLength + 1)];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>One byte-level mutation: a bit flip, a truncation, random bytes or UTF-8 inserted, a slice dropped or repeated.</summary>
    public static byte[] Bytes(Random random, byte[] input)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(input);
        var bytes = new List<byte>(input);
        var at = random.Next(bytes.Count + 1);
        switch (random.Next(6))
        {
            case 0 when bytes.Count > 0:
                var bit = random.Next(bytes.Count * 8);
                bytes[bit / 8] ^= (byte)(1 << (bit % 8));
                break;
            case 1:
                bytes.RemoveRange(at, bytes.Count - at);
                break;
            case 2:
                bytes.InsertRange(at, RandomBytes(random, 8));
                break;
            case 3:
                bytes.InsertRange(at, Encoding.UTF8.GetBytes(AwkwardString(random)));
                break;
            case 4:
                bytes.RemoveRange(at, random.Next(bytes.Count - at + 1));
                break;
            default:
                var length = random.Next(bytes.Count - at + 1);
                bytes.InsertRange(at, bytes.GetRange(at, length));
                break;
        }
        return [.. bytes];
    }

    /// <summary>
    /// A valid JSON sample with 1-3 mutations: structural ones on a random node (type swap, huge number, awkward
    /// string, removal, unknown field, deep nesting) or on the text (duplicate key, then byte-level ones).
    /// </summary>
    public static byte[] Json(Random random, string sample)
    {
        ArgumentNullException.ThrowIfNull(random);
        var root = JsonNode.Parse(sample)!;
        var rounds = random.Next(1, 4);
        var textMutations = 0;
        for (var i = 0; i < rounds; i++)
        {
            if (random.Next(4) == 0)
                textMutations++;
            else
                root = MutateNode(random, root);
        }
        var text = root.ToJsonString(DeepWriting);
        var bytes = Encoding.UTF8.GetBytes(text);
        for (var i = 0; i < textMutations; i++)
            bytes = random.Next(3) == 0 ? DuplicateKey(random, bytes) : Bytes(random, bytes);
        return bytes;
    }

    private static JsonNode MutateNode(Random random, JsonNode root)
    {
        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        var target = Pick(random, nodes);
        var replacement = random.Next(9) switch
        {
            0 => JsonValue.Create(AwkwardString(random)),
            1 => JsonNode.Parse(HugeNumber(random)),
            2 => null,
            3 => JsonValue.Create(random.Next(2) == 0),
            4 => new JsonArray(),
            5 => new JsonObject(),
            6 => DeepNesting(random),
            7 => JsonValue.Create(random.Next(int.MinValue, int.MaxValue)),
            _ => JsonValue.Create(target.ToJsonString()),
        };
        if (target.Parent is null)
        {
            if (target is JsonObject rootObject && random.Next(2) == 0)
            {
                rootObject[AwkwardString(random)] = replacement;
                return root;
            }
            return replacement ?? JsonValue.Create((string?)null) ?? (JsonNode)new JsonArray();
        }
        switch (target.Parent)
        {
            case JsonObject parent:
                var name = target.GetPropertyName();
                if (random.Next(5) == 0)
                    parent.Remove(name);
                else
                    parent[name] = replacement;
                break;
            case JsonArray array:
                var index = target.GetElementIndex();
                if (random.Next(5) == 0)
                    array.RemoveAt(index);
                else
                    array[index] = replacement;
                break;
        }
        return root;
    }

    private static void Collect(JsonNode? node, List<JsonNode> nodes)
    {
        if (node is null)
            return;
        nodes.Add(node);
        switch (node)
        {
            case JsonObject o:
                foreach (var property in o)
                    Collect(property.Value, nodes);
                break;
            case JsonArray a:
                foreach (var item in a)
                    Collect(item, nodes);
                break;
        }
    }

    /// <summary>Arrays or objects nested deeper than parsers allow by default (64), sometimes much deeper.</summary>
    private static JsonNode? DeepNesting(Random random)
    {
        var depth = Pick(random, JsonDepths);
        var open = random.Next(2) == 0 ? "[" : "{\"a\":";
        var close = open == "[" ? "]" : "}";
        var text = string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth));
        return JsonNode.Parse(text, documentOptions: new System.Text.Json.JsonDocumentOptions { MaxDepth = 2000 });
    }

    /// <summary>The first property of the text's first object written again with another value, as JsonNode cannot hold duplicates.</summary>
    private static byte[] DuplicateKey(Random random, byte[] json)
    {
        var text = Encoding.UTF8.GetString(json);
        var start = text.IndexOf("{\"", StringComparison.Ordinal);
        if (start < 0)
            return json;
        var end = text.IndexOf('"', start + 2);
        if (end < 0)
            return json;
        var key = text[(start + 1)..(end + 1)];
        var value = random.Next(2) == 0 ? HugeNumber(random) : System.Text.Json.JsonSerializer.Serialize(AwkwardString(random));
        return Encoding.UTF8.GetBytes(text.Insert(start + 1, $"{key}:{value},"));
    }

    /// <summary>
    /// A valid YAML sample with 1-3 line-level mutations: a line dropped, repeated (a duplicate key), re-indented,
    /// its value replaced by an awkward scalar, a huge number, a flow collection, an anchor or alias, deep nesting.
    /// </summary>
    public static string Yaml(Random random, string sample)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(sample);
        var lines = sample.Split('\n').ToList();
        var rounds = random.Next(1, 4);
        for (var r = 0; r < rounds; r++)
        {
            var i = random.Next(lines.Count);
            var line = lines[i];
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            switch (random.Next(8))
            {
                case 0:
                    lines.RemoveAt(i);
                    break;
                case 1:
                    lines.Insert(i, line);
                    break;
                case 2:
                    lines[i] = new string(' ', random.Next(0, 7)) + line.TrimStart();
                    break;
                case 3 when colon >= 0:
                    lines[i] = line[..(colon + 1)] + " " + YamlScalar(random);
                    break;
                case 4 when colon >= 0:
                    lines[i] = line[..(colon + 1)] + " " + HugeNumber(random);
                    break;
                case 5 when colon >= 0:
                    var depth = Pick(random, YamlDepths);
                    lines[i] = line[..(colon + 1)] + " " + new string('[', depth) + "1" + new string(']', depth);
                    break;
                case 6:
                    lines.Insert(i, new string(' ', random.Next(0, 5)) + AwkwardString(random));
                    break;
                default:
                    var text = string.Join('\n', lines);
                    var bytes = Bytes(random, Encoding.UTF8.GetBytes(text));
                    lines = Encoding.UTF8.GetString(bytes).Split('\n').ToList();
                    break;
            }
        }
        return string.Join('\n', lines);
    }

    private static string YamlScalar(Random random) => random.Next(6) switch
    {
        0 => "&anchor " + AwkwardString(random),
        1 => "*anchor",
        2 => "{ a: 1, b: [2, 3] }",
        3 => "[" + AwkwardString(random) + "]",
        4 => "\"" + AwkwardString(random).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
        _ => AwkwardString(random),
    };

    /// <summary>A random JSON value of up to <paramref name="depth"/> levels, for inputs that start from nothing.</summary>
    public static string RandomJson(Random random, int depth)
    {
        ArgumentNullException.ThrowIfNull(random);
        return (depth <= 0 ? random.Next(4) : random.Next(6)) switch
        {
            0 => System.Text.Json.JsonSerializer.Serialize(AwkwardString(random)),
            1 => random.Next(2) == 0 ? HugeNumber(random) : random.Next(-1000, 1000).ToString(CultureInfo.InvariantCulture),
            2 => random.Next(2) == 0 ? "true" : "null",
            3 => "\"" + RandomGuid(random) + "\"",
            4 => "[" + string.Join(",", Enumerable.Range(0, random.Next(4)).Select(_ => RandomJson(random, depth - 1))) + "]",
            _ => "{" + string.Join(",", Enumerable.Range(0, random.Next(5)).Select(_ =>
                System.Text.Json.JsonSerializer.Serialize(AwkwardString(random)) + ":" + RandomJson(random, depth - 1))) + "}",
        };
    }

    public static Guid RandomGuid(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }
}
