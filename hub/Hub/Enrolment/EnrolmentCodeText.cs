using System.Security.Cryptography;
using System.Text;

namespace EdgeSecurity.Hub.Enrolment;

/// <summary>
/// Codes an installer can read off a screen and type: 16 characters of Crockford's base32 (80 random bits) in groups
/// of four. Typing is forgiving: case, dashes, spaces, and O/I/L for 0/1/1 do not matter.
/// </summary>
public static class EnrolmentCodeText
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const int Length = 16;

    public static string NewCode()
    {
        var text = new StringBuilder(Length + 3);
        for (var i = 0; i < Length; i++)
        {
            if (i > 0 && i % 4 == 0)
                text.Append('-');
            text.Append(Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)]);
        }
        return text.ToString();
    }

    /// <summary>The code in its one canonical form, or null when it cannot be a code at all.</summary>
    public static string? Normalize(string? typed)
    {
        if (typed is null)
            return null;
        var text = new StringBuilder(Length);
        foreach (var c in typed)
        {
            if (c is '-' or ' ')
                continue;
            var upper = char.ToUpperInvariant(c) switch { 'O' => '0', 'I' or 'L' => '1', var other => other };
            if (!Alphabet.Contains(upper, StringComparison.Ordinal) || text.Length == Length)
                return null;
            text.Append(upper);
        }
        return text.Length == Length ? text.ToString() : null;
    }

    /// <summary>What the database keeps: a code has 80 random bits, so a plain SHA-256 cannot be reversed by guessing.</summary>
    public static string Hash(string normalized) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(normalized)));
}
