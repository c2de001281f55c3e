using System.Globalization;
using EdgeSecurity.Contract;
using EdgeSecurity.Hub.Incidents;
using EdgeSecurity.Hub.Places;
using EdgeSecurity.Upstream;
using EdgeSecurity.Upstream.Governance;

namespace EdgeSecurity.Hub.Forwarding;

/// <summary>
/// One governance centre the hub forwards incidents to (<c>Hub:Upstreams:&lt;name&gt;:*</c>): where and how to send, which
/// incidents go there, the keys its status callbacks are signed with, and the retry backoff.
/// </summary>
public sealed record UpstreamSettings(
    string Name,
    GovernanceSenderOptions Sender,
    EscalationTier? Tier,
    IReadOnlyList<string> Types,
    WarningLevel? MinimumLevel,
    IReadOnlyList<string> Places,
    IReadOnlyList<SigningKey> CentreKeys,
    TimeSpan ReplayWindow,
    RetryPolicy Retry,
    TimeSpan LocalOffset)
{
    public const string Section = "Hub:Upstreams";

    /// <summary>
    /// Whether an incident goes to this upstream at all: escalated to <see cref="Tier"/> or above, or of a listed type
    /// (<c>fire.confirmed</c>, or a family <c>fire.*</c>), or at <see cref="MinimumLevel"/> or above; always within
    /// <see cref="Places"/> when given, and never while quarantined (its place is not known).
    /// </summary>
    public bool Wants(Incident incident, Site.Site site)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(site);
        if (incident.Quarantine is not null)
            return false;
        if (Places.Count > 0 && !site.CommunitiesWithin(Places).Contains(incident.Community))
            return false;
        return incident.Tier >= Tier
            || Types.Any(t => t.EndsWith(".*", StringComparison.Ordinal) ? incident.Type.StartsWith(t[..^1], StringComparison.Ordinal) : incident.Type == t)
            || incident.Level >= MinimumLevel;
    }

    /// <summary>Every configured upstream, or every problem with the configuration at once.</summary>
    /// <exception cref="InvalidOperationException">A setting is missing or invalid; the message lists each.</exception>
    public static IReadOnlyList<UpstreamSettings> From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();
        var upstreams = new List<UpstreamSettings>();
        var sections = configuration.GetSection(Section).GetChildren().ToList();
        foreach (var section in sections)
        {
            if (Read(section, problems) is { } upstream)
                upstreams.Add(upstream);
        }
        // A callback is matched to its upstream by key id: one id under two upstreams would be ambiguous.
        var centreKeyIds = sections.SelectMany(s => s.GetSection("CentreKeys").GetChildren().Select(k => (Id: k.Key, Name: s.Key)));
        foreach (var clash in centreKeyIds.GroupBy(k => k.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
            problems.Add($"{Section}: the centre key id '{clash.Key}' is configured for {string.Join(" and ", clash.Select(c => c.Name))}; key ids must be unique");
        if (problems.Count > 0)
            throw new InvalidOperationException("上行配置错误 upstream configuration error: " + string.Join("; ", problems));
        return upstreams;
    }

    private static UpstreamSettings? Read(IConfigurationSection section, List<string> problems)
    {
        var prefix = $"{Section}:{section.Key}";
        var before = problems.Count;
        if (section.Key.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_') || section.Key.Length > 64)
            problems.Add($"{prefix}: the upstream's name must be 1-64 characters of A-Z a-z 0-9 - _");

        Uri? endpoint = null;
        if (section["Endpoint"] is not { Length: > 0 } endpointText)
            problems.Add($"{prefix}:Endpoint is required: the centre's intake URL");
        else if (!Uri.TryCreate(endpointText, UriKind.Absolute, out endpoint))
            problems.Add($"{prefix}:Endpoint '{endpointText}' is not an absolute URL");

        // Not the machine's name: hubs sharing a database must send a record with the same source whichever one sends it.
        var source = section["Source"] is { Length: > 0 } s ? s : "urn:edgesecurity:hub";
        SigningKey? key = null;
        if (section["KeyId"] is not { Length: > 0 } keyId || section["Secret"] is not { Length: > 0 } secret)
            problems.Add($"{prefix}:KeyId and {prefix}:Secret (Base64, at least 32 bytes) are required: the key records are signed with");
        else
            key = Key(keyId, secret, $"{prefix}:Secret", problems);

        var centreKeys = new List<SigningKey>();
        foreach (var centreKey in section.GetSection("CentreKeys").GetChildren())
        {
            if (Key(centreKey.Key, centreKey.Value ?? "", $"{prefix}:CentreKeys:{centreKey.Key}", problems) is { } k)
                centreKeys.Add(k);
        }

        EscalationTier? tier = EscalationTier.Street;
        if (section["Tier"] is { Length: > 0 } tierText)
        {
            if (tierText == "none")
                tier = null;
            else if (ApiNames.TryParse<EscalationTier>(tierText, out var parsed) && parsed != EscalationTier.Community)
                tier = parsed;
            else
                problems.Add($"{prefix}:Tier '{tierText}' must be street, county or none");
        }

        var types = List(section["Types"]);
        foreach (var type in types.Where(t => !(t.EndsWith(".*", StringComparison.Ordinal)
                     ? ApiNames.TryParse<EventFamily>(t[..^2], out _)
                     : EventTypes.Find(t) is not null)))
            problems.Add($"{prefix}:Types: '{type}' is neither an event type (e.g. fire.confirmed) nor a family (fire.*, security.*, care.*, health.*)");

        WarningLevel? minimumLevel = null;
        if (section["MinimumLevel"] is { Length: > 0 } levelText)
        {
            if (ApiNames.TryParse<WarningLevel>(levelText, out var level))
                minimumLevel = level;
            else
                problems.Add($"{prefix}:MinimumLevel '{levelText}' must be {ApiNames.Choices<WarningLevel>()}");
        }

        var replayWindow = Span(section, "ReplayWindow", TimeSpan.FromMinutes(5), prefix, problems);
        var initialDelay = Span(section, "RetryInitialDelay", RetryPolicy.Default.InitialDelay, prefix, problems);
        var maximumDelay = Span(section, "RetryMaximumDelay", RetryPolicy.Default.MaximumDelay, prefix, problems);
        var requestTimeout = Span(section, "RequestTimeout", TimeSpan.FromSeconds(15), prefix, problems);
        var connectTimeout = Span(section, "ConnectTimeout", TimeSpan.FromSeconds(5), prefix, problems);
        var localOffset = TimeSpan.FromHours(8);
        if (section["LocalOffset"] is { Length: > 0 } offsetText
            && (!TimeSpan.TryParse(offsetText, CultureInfo.InvariantCulture, out localOffset) || localOffset.Duration() > TimeSpan.FromHours(14)))
            problems.Add($"{prefix}:LocalOffset '{offsetText}' must be an offset from UTC such as 08:00");

        if (problems.Count > before || endpoint is null || key is null)
            return null;
        var sender = new GovernanceSenderOptions
        {
            Endpoint = endpoint,
            Source = source,
            Key = key,
            RequestTimeout = requestTimeout,
            ConnectTimeout = connectTimeout,
            ClientCertificatePath = section["ClientCertificatePath"] is { Length: > 0 } path ? path : null,
            ClientCertificatePassword = section["ClientCertificatePassword"],
        };
        try
        {
            sender.Validate();
        }
        catch (ArgumentException e)
        {
            problems.Add($"{prefix}: {e.Message}");
            return null;
        }
        return new UpstreamSettings(section.Key, sender, tier, types, minimumLevel, List(section["Places"]), centreKeys, replayWindow,
            new RetryPolicy(initialDelay, maximumDelay, RetryPolicy.Default.Jitter), localOffset);
    }

    private static SigningKey? Key(string id, string secret, string name, List<string> problems)
    {
        try
        {
            return SigningKey.FromBase64(id, secret);
        }
        catch (ArgumentException e)
        {
            problems.Add($"{name}: {e.Message}");
            return null;
        }
    }

    private static TimeSpan Span(IConfigurationSection section, string key, TimeSpan fallback, string prefix, List<string> problems)
    {
        if (section[key] is not { Length: > 0 } text)
            return fallback;
        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) && value > TimeSpan.Zero)
            return value;
        problems.Add($"{prefix}:{key} '{text}' is not a positive time span such as 00:00:15");
        return fallback;
    }

    private static string[] List(string? text) =>
        text is null ? [] : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
