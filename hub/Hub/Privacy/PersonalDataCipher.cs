using System.Security.Cryptography;
using System.Text;

namespace EdgeSecurity.Hub.Privacy;

/// <summary>
/// Encrypts personal data (people's names and phone numbers, notification targets and secrets) for the database with
/// AES-256-GCM: <c>enc:v1:</c> + Base64(nonce ‖ ciphertext ‖ tag), the column's name as associated data so a value
/// cannot be moved into another column. The key is set once at start by <see cref="PrivacyKeyCheck"/>, which makes
/// sure it is the key the stored data was encrypted with.
/// </summary>
public sealed class PersonalDataCipher
{
    public const int KeyBytes = 32;
    private const string Prefix = "enc:v1:";
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private byte[]? _key;

    public static bool IsEncrypted(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.StartsWith(Prefix, StringComparison.Ordinal);
    }

    internal void Use(byte[] key)
    {
        if (key.Length != KeyBytes)
            throw new ArgumentException($"the key must be {KeyBytes} bytes", nameof(key));
        _key = key;
    }

    public string Encrypt(string plaintext, string column)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var data = Encoding.UTF8.GetBytes(plaintext);
        var sealedBytes = new byte[NonceBytes + data.Length + TagBytes];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(Key, TagBytes);
        aes.Encrypt(nonce, data, sealedBytes.AsSpan(NonceBytes, data.Length), sealedBytes.AsSpan(NonceBytes + data.Length), Encoding.UTF8.GetBytes(column));
        return Prefix + Convert.ToBase64String(sealedBytes);
    }

    public string? EncryptNullable(string? plaintext, string column) => plaintext is null ? null : Encrypt(plaintext, column);

    /// <exception cref="CryptographicException">The value was encrypted with another key or for another column, or was altered.</exception>
    public string Decrypt(string stored, string column)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (!IsEncrypted(stored))
            throw new CryptographicException($"a value of {column} is not encrypted");
        var sealedBytes = Convert.FromBase64String(stored[Prefix.Length..]);
        if (sealedBytes.Length < NonceBytes + TagBytes)
            throw new CryptographicException($"a value of {column} is too short to be encrypted data");
        var length = sealedBytes.Length - NonceBytes - TagBytes;
        var data = new byte[length];
        using var aes = new AesGcm(Key, TagBytes);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes, length), sealedBytes.AsSpan(NonceBytes + length), data, Encoding.UTF8.GetBytes(column));
        return Encoding.UTF8.GetString(data);
    }

    public string? DecryptNullable(string? stored, string column) => stored is null ? null : Decrypt(stored, column);

    private byte[] Key => _key ?? throw new InvalidOperationException("the personal data key is not loaded yet");
}
