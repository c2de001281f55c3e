using System.Security.Cryptography;
using System.Text;

namespace EdgeSecurity.Hub.Enrolment;

/// <summary>
/// A password as mosquitto 2.0's password file holds it (what mosquitto_passwd writes by default):
/// <c>$7$&lt;iterations&gt;$&lt;salt&gt;$&lt;key&gt;</c>, PBKDF2-HMAC-SHA512 over 101 iterations with a 12-byte salt and a 64-byte
/// key, both in standard Base64. The broker verifies against it; the hub never keeps the password itself.
/// </summary>
public static class MosquittoPasswordHash
{
    private const int Iterations = 101;
    private const int SaltBytes = 12;
    private const int KeyBytes = 64;

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var key = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA512, KeyBytes);
        return $"$7${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(key)}";
    }

    /// <summary>A password for a gateway: 32 random bytes, URL-safe Base64 without padding, so it is safe in YAML and shells.</summary>
    public static string NewPassword() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
