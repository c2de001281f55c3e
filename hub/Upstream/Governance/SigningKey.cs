namespace EdgeSecurity.Upstream.Governance;

/// <summary>A shared HMAC-SHA256 key and the id the other side looks it up by (several ids allow rotation).</summary>
public sealed record SigningKey
{
    /// <summary>Below 256 bits an HMAC-SHA256 key is weaker than the hash; refuse it rather than sign weakly.</summary>
    public const int MinimumSecretBytes = 32;

    public SigningKey(string id, byte[] secret)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(secret);
        if (id.Any(c => c is < '!' or > '~'))
            throw new ArgumentException($"key id '{id}' must be printable ASCII without spaces (it travels in a header)");
        if (secret.Length < MinimumSecretBytes)
            throw new ArgumentException($"the secret of key '{id}' has {secret.Length} bytes; at least {MinimumSecretBytes} are required");
        Id = id;
        Secret = secret;
    }

    public string Id { get; }

    public byte[] Secret { get; }

    /// <summary>A key from its configured form: the secret as Base64 of at least 32 bytes.</summary>
    public static SigningKey FromBase64(string id, string secretBase64)
    {
        byte[] secret;
        try
        {
            secret = Convert.FromBase64String(secretBase64);
        }
        catch (FormatException)
        {
            throw new ArgumentException($"the secret of key '{id}' is not Base64");
        }
        return new SigningKey(id, secret);
    }
}

/// <summary>The keys a verifier accepts, by id.</summary>
public interface ISigningKeyStore
{
    byte[]? FindSecret(string keyId);
}

public sealed class SigningKeyRing(IEnumerable<SigningKey> keys) : ISigningKeyStore
{
    private readonly Dictionary<string, byte[]> _secrets = keys.ToDictionary(k => k.Id, k => k.Secret, StringComparer.Ordinal);

    public byte[]? FindSecret(string keyId) => _secrets.GetValueOrDefault(keyId);
}
