using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EdgeSecurity.Upstream.Governance;

/// <summary>Checks <see cref="RequestSignature"/> headers: known key, fresh timestamp, matching MAC (compared in constant time).</summary>
public sealed class SignatureVerifier(ISigningKeyStore keys, TimeSpan replayWindow, TimeProvider time)
{
    /// <summary>How far the sender's clock may be from ours, either way, before a request counts as stale.</summary>
    public TimeSpan ReplayWindow { get; } = replayWindow;

    public Refusal? Verify(string? keyId, string? timestamp, string? signature, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(keyId) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature))
            return new Refusal(RefusalReason.MissingSignature,
                $"{RequestSignature.KeyIdHeader}, {RequestSignature.TimestampHeader} and {RequestSignature.SignatureHeader} are all required");
        if (keys.FindSecret(keyId) is not { } secret)
            return new Refusal(RefusalReason.UnknownKey, $"key id '{keyId}' is not known here");
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var unixSeconds))
            return new Refusal(RefusalReason.MalformedTimestamp, $"{RequestSignature.TimestampHeader} '{timestamp}' is not Unix seconds");
        var now = time.GetUtcNow();
        var skew = TimeSpan.FromSeconds(unixSeconds - now.ToUnixTimeSeconds());
        if (skew.Duration() > ReplayWindow)
            return new Refusal(RefusalReason.StaleTimestamp,
                string.Create(CultureInfo.InvariantCulture, $"timestamp {unixSeconds} is {skew.TotalSeconds:+0;-0} s from this server's clock ({now.ToUnixTimeSeconds()}); the window is ±{ReplayWindow.TotalSeconds:0} s"));
        var expected = Encoding.ASCII.GetBytes(RequestSignature.Compute(secret, unixSeconds, body));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature)))
            return new Refusal(RefusalReason.BadSignature, "the signature does not match the body, timestamp and key");
        return null;
    }
}
