using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EdgeSecurity.Upstream.Viid;

/// <summary>A <c>WWW-Authenticate: Digest ...</c> challenge (RFC 7616 §3.3).</summary>
public sealed record DigestChallenge(string Realm, string Nonce, string? Opaque, bool Stale, string Algorithm, bool OffersQopAuth)
{
    public static DigestChallenge? TryParse(string? header)
    {
        if (header is null || !header.StartsWith("Digest ", StringComparison.OrdinalIgnoreCase))
            return null;
        var values = DigestParameters.Parse(header.AsSpan(7));
        if (!values.TryGetValue("realm", out var realm) || !values.TryGetValue("nonce", out var nonce) || nonce.Length == 0)
            return null;
        var algorithm = values.GetValueOrDefault("algorithm", "MD5");
        var qop = values.GetValueOrDefault("qop", "");
        return new DigestChallenge(realm, nonce, values.GetValueOrDefault("opaque"),
            string.Equals(values.GetValueOrDefault("stale"), "true", StringComparison.OrdinalIgnoreCase), algorithm,
            qop.Split(',').Any(q => q.Trim() == "auth"));
    }
}

/// <summary>
/// Answers digest challenges with MD5 and qop=auth (RFC 2617 §3.2.2, RFC 7616): response =
/// MD5(MD5(user:realm:password):nonce:nc:cnonce:auth:MD5(method:uri)). The nonce is reused with a growing nc until the
/// server asks for a new one (401, often with stale=true).
/// </summary>
public sealed class DigestCredentials(string username, string password)
{
    private readonly Lock _gate = new();
    private DigestChallenge? _challenge;
    private int _nonceCount;

    /// <exception cref="NotSupportedException">The server asks for something other than MD5 (e.g. SHA-256-sess).</exception>
    public void Accept(DigestChallenge challenge)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        if (!string.Equals(challenge.Algorithm, "MD5", StringComparison.OrdinalIgnoreCase))
            throw new NotSupportedException($"the server asks for digest algorithm {challenge.Algorithm}; GA/T 1400 uses MD5");
        lock (_gate)
        {
            _challenge = challenge;
            _nonceCount = 0;
        }
    }

    public void Forget()
    {
        lock (_gate)
            _challenge = null;
    }

    /// <summary>The Authorization header value for one request, or null before any challenge.</summary>
    public string? Authorize(string method, string uri, string? clientNonce = null)
    {
        DigestChallenge challenge;
        int count;
        lock (_gate)
        {
            if (_challenge is null)
                return null;
            challenge = _challenge;
            count = ++_nonceCount;
        }
        var cnonce = clientNonce ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var nc = count.ToString("x8", CultureInfo.InvariantCulture);
        var ha1 = Md5Hex($"{username}:{challenge.Realm}:{password}");
        var ha2 = Md5Hex($"{method}:{uri}");
        var header = new StringBuilder("Digest ");
        header.Append(CultureInfo.InvariantCulture, $"username=\"{Quote(username)}\", realm=\"{Quote(challenge.Realm)}\", nonce=\"{Quote(challenge.Nonce)}\", uri=\"{Quote(uri)}\", algorithm=MD5");
        if (challenge.OffersQopAuth)
        {
            var response = Md5Hex($"{ha1}:{challenge.Nonce}:{nc}:{cnonce}:auth:{ha2}");
            header.Append(CultureInfo.InvariantCulture, $", qop=auth, nc={nc}, cnonce=\"{cnonce}\", response=\"{response}\"");
        }
        else
        {
            // RFC 2069 compatibility: servers that offer no qop expect MD5(HA1:nonce:HA2).
            header.Append(CultureInfo.InvariantCulture, $", response=\"{Md5Hex($"{ha1}:{challenge.Nonce}:{ha2}")}\"");
        }
        if (challenge.Opaque is not null)
            header.Append(CultureInfo.InvariantCulture, $", opaque=\"{Quote(challenge.Opaque)}\"");
        return header.ToString();
    }

#pragma warning disable CA5351 // HTTP Digest as GA/T 1400 requires it is MD5 by definition; it proves the password, it protects no data.
    public static string Md5Hex(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5351

    private static string Quote(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}

/// <summary>The comma-separated <c>name=value</c> / <c>name="quoted value"</c> list of digest headers.</summary>
public static class DigestParameters
{
    public static Dictionary<string, string> Parse(ReadOnlySpan<char> text)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ',' || char.IsWhiteSpace(text[i])))
                i++;
            var nameStart = i;
            while (i < text.Length && text[i] != '=' && text[i] != ',')
                i++;
            var name = text[nameStart..i].Trim().ToString();
            if (i >= text.Length || text[i] != '=')
                continue;
            i++;
            var value = new StringBuilder();
            if (i < text.Length && text[i] == '"')
            {
                i++;
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                        i++;
                    value.Append(text[i]);
                    i++;
                }
                i++;
            }
            else
            {
                while (i < text.Length && text[i] != ',')
                    value.Append(text[i++]);
            }
            if (name.Length > 0)
                values[name] = value.ToString().Trim();
        }
        return values;
    }
}
