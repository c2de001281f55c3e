using System.Globalization;
using System.Security.Cryptography;

namespace EdgeSecurity.Hub.People;

/// <summary>
/// PBKDF2-HMAC-SHA256 with 600,000 iterations (OWASP's figure for this hash), a 16-byte random salt and a 32-byte
/// key, stored as <c>pbkdf2-sha256$iterations$salt$key</c> (Base64). The iteration count is kept with each hash so
/// that it can be raised later without locking anyone out.
/// </summary>
public static class PasswordHashing
{
    public const int Iterations = 600_000;
    public const int MinPasswordLength = 10;

    private const string Scheme = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int KeyBytes = 32;

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var key = Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA256, KeyBytes);
        return string.Join('$', Scheme, Iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(key));
    }

    /// <summary>Constant time in the key comparison; false for a hash in a format this version cannot read.</summary>
    public static bool Verify(string password, string stored)
    {
        if (!TryParse(stored, out var iterations, out var salt, out var key))
            return false;
        var candidate = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, key.Length);
        return CryptographicOperations.FixedTimeEquals(candidate, key);
    }

    /// <summary>Imported hashes must be of this scheme and at least as strong as new ones.</summary>
    public static bool IsAcceptable(string stored) => TryParse(stored, out var iterations, out _, out _) && iterations >= Iterations;

    private static bool TryParse(string stored, out int iterations, out byte[] salt, out byte[] key)
    {
        iterations = 0;
        salt = key = [];
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out iterations) || iterations <= 0)
            return false;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            key = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }
        return salt.Length >= SaltBytes && key.Length == KeyBytes;
    }
}
