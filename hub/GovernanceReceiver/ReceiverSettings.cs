using System.Globalization;
using EdgeSecurity.Upstream.Governance;

namespace EdgeSecurity.GovernanceReceiver;

/// <summary>The receiver's settings (<c>Receiver:*</c>), checked at start: every problem is listed and the program exits with code 2.</summary>
public sealed record ReceiverSettings(
    int Port,
    string DatabasePath,
    TimeSpan ReplayWindow,
    IReadOnlyList<SigningKey> Keys,
    string Source,
    Uri? HubStatusUrl,
    SigningKey? HubKey)
{
    public static ReceiverSettings Read(IConfiguration configuration, out IReadOnlyList<string> problems)
    {
        var found = new List<string>();
        var section = configuration.GetSection("Receiver");

        var port = 8090;
        if (section["Port"] is { } portText && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
            found.Add($"Receiver:Port '{portText}' is not a TCP port (1-65535)");

        var window = TimeSpan.FromMinutes(5);
        if (section["ReplayWindow"] is { } windowText && (!TimeSpan.TryParse(windowText, CultureInfo.InvariantCulture, out window) || window <= TimeSpan.Zero))
            found.Add($"Receiver:ReplayWindow '{windowText}' is not a positive time span (e.g. 00:05:00)");

        var keys = new List<SigningKey>();
        foreach (var key in section.GetSection("Keys").GetChildren())
        {
            try
            {
                keys.Add(SigningKey.FromBase64(key.Key, key.Value ?? ""));
            }
            catch (ArgumentException e)
            {
                found.Add($"Receiver:Keys:{key.Key}: {e.Message}");
            }
        }
        if (keys.Count == 0 && found.Count == 0)
            found.Add("Receiver:Keys has no key: set Receiver:Keys:<key id>=<Base64 secret of at least 32 bytes> for each hub");

        Uri? hubUrl = null;
        if (section["Hub:StatusUrl"] is { } urlText && !Uri.TryCreate(urlText, UriKind.Absolute, out hubUrl))
            found.Add($"Receiver:Hub:StatusUrl '{urlText}' is not an absolute URL");
        SigningKey? hubKey = null;
        if (section["Hub:KeyId"] is { } hubKeyId)
        {
            try
            {
                hubKey = SigningKey.FromBase64(hubKeyId, section["Hub:Secret"] ?? "");
            }
            catch (ArgumentException e)
            {
                found.Add($"Receiver:Hub: {e.Message}");
            }
        }

        problems = found;
        return new ReceiverSettings(
            port,
            section["Database"] ?? "receiver.db",
            window,
            keys,
            section["Source"] ?? "urn:edgesecurity:governance-receiver",
            hubUrl,
            hubKey);
    }
}
