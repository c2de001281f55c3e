using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EdgeSecurity.Configuration;

/// <summary>The one way every loader reads a YAML file into nodes: a stream, or the reason it is not YAML.</summary>
public static partial class YamlText
{
    /// <returns>The documents, or null with the reason added to <paramref name="errors"/>.</returns>
    public static YamlStream? Load(string yaml, ConfigErrors errors, string expected)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
            return stream;
        }
        catch (YamlException e)
        {
            errors.Add(e.Start, null, $"invalid YAML: {PositionPrefix().Replace(e.Message, "").TrimEnd('.')}", expected);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's scanner and parser give up this way on some malformed input (found by fuzzing), without a
            // position and with a message about their own state, which tells an installer nothing.
            errors.AddForFile("invalid YAML: the parser stopped without saying where, which usually means an unclosed '[' or '{'", expected);
        }
        return null;
    }

    /// <summary>YamlDotNet prefixes its messages with the position, which the error already carries.</summary>
    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex PositionPrefix();
}
