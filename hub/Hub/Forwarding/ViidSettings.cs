using System.Globalization;
using EdgeSecurity.Upstream.Viid;

namespace EdgeSecurity.Hub.Forwarding;

/// <summary>
/// A camera of the device directory (采集设备): where it is and how it is reached; its place code and online state come
/// from its gateway. <see cref="Device"/> is the camera's id at its gateway (the agent's camera id): its structured
/// objects carry this ApeID as DeviceID; null for a camera that sends none.
/// </summary>
public sealed record ViidCamera(string ApeId, string Gateway, string Name, string Model, string IpAddress, int Port, double Longitude, double Latitude, string? Device = null);

/// <summary>
/// The GA/T 1400 视图库 this hub registers with (<c>Hub:Viid:*</c>): the client's options, how often to keep alive and to
/// upload the device directory again, and the cameras of that directory; for structured objects, how often to look for
/// objects to upload and subscriptions to serve (<see cref="ObjectInterval"/>), and whether this 视图库 is a police
/// platform allowed to receive originals (<see cref="ReceivesOriginals"/>). Null from <see cref="From"/> when none is configured.
/// </summary>
public sealed record ViidSettings(ViidClientOptions Client, TimeSpan KeepaliveInterval, TimeSpan DirectoryInterval, IReadOnlyList<ViidCamera> Cameras)
{
    public TimeSpan ObjectInterval { get; init; } = TimeSpan.FromSeconds(1);

    public bool ReceivesOriginals { get; init; }

    public const string Section = "Hub:Viid";

    private static readonly string[] CameraKeys = ["Gateway", "Name", "Model", "IPAddr", "Port", "Longitude", "Latitude"];

    /// <exception cref="InvalidOperationException">A setting is missing or invalid; the message lists each.</exception>
    public static ViidSettings? From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Section);
        if (section["BaseUri"] is not { Length: > 0 } baseText)
            return null;
        var problems = new List<string>();
        if (!Uri.TryCreate(baseText, UriKind.Absolute, out var baseUri))
            problems.Add($"{Section}:BaseUri '{baseText}' is not an absolute URL");
        var keepalive = Span(section, "KeepaliveInterval", TimeSpan.FromSeconds(30), problems);
        var directory = Span(section, "DirectoryInterval", TimeSpan.FromHours(1), problems);
        var timeout = Span(section, "RequestTimeout", TimeSpan.FromSeconds(10), problems);
        var objectInterval = Span(section, "ObjectInterval", TimeSpan.FromSeconds(1), problems);
        var receivesOriginals = false;
        if (section["ReceivesOriginals"] is { Length: > 0 } originals && !bool.TryParse(originals, out receivesOriginals))
            problems.Add($"{Section}:ReceivesOriginals '{originals}' must be true or false");

        var cameras = new List<ViidCamera>();
        foreach (var camera in section.GetSection("Cameras").GetChildren())
        {
            var prefix = $"{Section}:Cameras:{camera.Key}";
            if (!ViidCodes.IsDeviceCode(camera.Key))
                problems.Add($"{prefix}: the camera's ApeID must be its 20-digit code (GB/T 28181 Appendix D)");
            var missing = CameraKeys.Where(k => string.IsNullOrWhiteSpace(camera[k])).ToList();
            if (missing.Count > 0)
            {
                problems.Add($"{prefix}: {string.Join(", ", missing)} required");
                continue;
            }
            if (!System.Net.IPAddress.TryParse(camera["IPAddr"], out _))
                problems.Add($"{prefix}:IPAddr '{camera["IPAddr"]}' is not an IP address");
            if (!int.TryParse(camera["Port"], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
                problems.Add($"{prefix}:Port '{camera["Port"]}' is not a TCP port (1-65535)");
            if (!double.TryParse(camera["Longitude"], NumberStyles.Float, CultureInfo.InvariantCulture, out var longitude) || Math.Abs(longitude) > 180
                || !double.TryParse(camera["Latitude"], NumberStyles.Float, CultureInfo.InvariantCulture, out var latitude) || Math.Abs(latitude) > 90)
            {
                problems.Add($"{prefix}: Longitude and Latitude must be decimal degrees within ±180 and ±90");
                continue;
            }
            if (camera["Device"] is { } device && !EdgeSecurity.Contract.Identifiers.IsValid(device))
                problems.Add($"{prefix}:Device '{device}' is not a camera id of the agent ({EdgeSecurity.Contract.Identifiers.Rule})");
            cameras.Add(new ViidCamera(camera.Key, camera["Gateway"]!, camera["Name"]!, camera["Model"]!, camera["IPAddr"]!, port, longitude, latitude, camera["Device"]));
        }

        ViidClientOptions? client = null;
        if (baseUri is not null)
        {
            client = new ViidClientOptions
            {
                BaseUri = baseUri,
                DeviceId = section["DeviceId"] ?? "",
                Username = section["Username"] ?? "",
                Password = section["Password"] ?? "",
                RequestTimeout = timeout,
            };
            try
            {
                client.Validate();
            }
            catch (ArgumentException e)
            {
                problems.Add($"{Section}: {e.Message}");
            }
        }
        if (problems.Count > 0)
            throw new InvalidOperationException("视图库配置错误 GA/T 1400 configuration error: " + string.Join("; ", problems));
        return new ViidSettings(client!, keepalive, directory, cameras) { ObjectInterval = objectInterval, ReceivesOriginals = receivesOriginals };
    }

    private static TimeSpan Span(IConfigurationSection section, string key, TimeSpan fallback, List<string> problems)
    {
        if (section[key] is not { Length: > 0 } text)
            return fallback;
        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) && value > TimeSpan.Zero)
            return value;
        problems.Add($"{Section}:{key} '{text}' is not a positive time span such as 00:00:30");
        return fallback;
    }
}
