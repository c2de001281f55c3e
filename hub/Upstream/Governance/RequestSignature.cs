using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EdgeSecurity.Upstream.Governance;

/// <summary>
/// The signature both directions use: <c>X-ES-Signature: v1=hex(HMAC-SHA256(secret, timestamp + "." + body))</c>, with
/// the key id in <c>X-ES-Key-Id</c> and the Unix time in seconds in <c>X-ES-Timestamp</c>. The timestamp is inside the
/// MAC so a captured request cannot be replayed later with a fresh one.
/// </summary>
public static class RequestSignature
{
    public const string KeyIdHeader = "X-ES-Key-Id";
    public const string TimestampHeader = "X-ES-Timestamp";
    public const string SignatureHeader = "X-ES-Signature";
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string Scheme = "v1=";

    public static string Compute(byte[] secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return Scheme + Convert.ToHexStringLower(HMACSHA256.HashData(secret, signed));
    }

    /// <summary>Adds the three signature headers to a request carrying <paramref name="body"/>.</summary>
    public static void Sign(HttpRequestMessage request, SigningKey key, DateTimeOffset now, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(key);
        var timestamp = now.ToUnixTimeSeconds();
        request.Headers.Add(KeyIdHeader, key.Id);
        request.Headers.Add(TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(SignatureHeader, Compute(key.Secret, timestamp, body));
    }
}
