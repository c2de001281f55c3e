using System.Globalization;
using EdgeSecurity.Contract;
using EdgeSecurity.Hub.Places;

namespace EdgeSecurity.Hub.Incidents;

/// <summary>The query string of GET /api/incidents, as received.</summary>
public sealed record IncidentQueryParameters(string? Community, string? Type, string? Level, string? State, string? Tier, string? From, string? To, string? Page, string? PageSize);

/// <summary>A validated incident search: which incidents (by occurredAt, from inclusive, to exclusive) and which page of them.</summary>
public sealed record IncidentQuery(string? Community, EventType? Type, WarningLevel? Level, IncidentState? State, EscalationTier? Tier, DateTimeOffset? From, DateTimeOffset? To, int Page, int PageSize)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    /// <summary>Either the query or, per parameter, why it is refused.</summary>
    public static (IncidentQuery? Query, Dictionary<string, string[]> Errors) Parse(IncidentQueryParameters p)
    {
        var errors = new Dictionary<string, string[]>();
        void Error(string parameter, string message) => errors[parameter] = [message];

        if (p.Community is not null && !Identifiers.IsValid(p.Community))
            Error("community", $"'{p.Community}' is not a community id ({Identifiers.Rule}).");

        EventType? type = null;
        if (p.Type is not null && (type = EventTypes.Find(p.Type)) is null)
            Error("type", $"'{p.Type}' is not an event type; use a code such as '{EventTypes.SmokeAlarm.Code}'.");

        WarningLevel? level = null;
        if (p.Level is not null)
        {
            if (p.Level is "1" or "2" or "3")
                level = (WarningLevel)(p.Level[0] - '0');
            else
                Error("level", $"'{p.Level}' is not a warning level; use 1, 2 or 3.");
        }

        IncidentState? state = null;
        if (p.State is not null)
        {
            if (ApiNames.TryParse<IncidentState>(p.State, out var parsed))
                state = parsed;
            else
                Error("state", $"'{p.State}' is not an incident state; use {ApiNames.Choices<IncidentState>()}.");
        }

        EscalationTier? tier = null;
        if (p.Tier is not null)
        {
            if (ApiNames.TryParse<EscalationTier>(p.Tier, out var parsed))
                tier = parsed;
            else
                Error("tier", $"'{p.Tier}' is not an escalation tier; use {ApiNames.Choices<EscalationTier>()}.");
        }

        var from = Timestamp(p.From, "from", Error);
        var to = Timestamp(p.To, "to", Error);
        if (from is not null && to is not null && from >= to)
            Error("to", "'to' must be later than 'from'.");

        var page = Number(p.Page, "page", 1, 1, int.MaxValue, Error);
        var pageSize = Number(p.PageSize, "pageSize", DefaultPageSize, 1, MaxPageSize, Error);

        return errors.Count > 0
            ? (null, errors)
            : (new IncidentQuery(p.Community, type, level, state, tier, from, to, page, pageSize), errors);
    }

    private static DateTimeOffset? Timestamp(string? text, string parameter, Action<string, string> error)
    {
        if (text is null)
            return null;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
            return value;
        error(parameter, $"'{text}' is not a time; use ISO 8601 such as 2026-01-31T08:00:00Z or 2026-01-31T16:00:00%2B08:00 (UTC when no offset is given).");
        return null;
    }

    private static int Number(string? text, string parameter, int absent, int min, int max, Action<string, string> error)
    {
        if (text is null)
            return absent;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            return value;
        error(parameter, $"'{text}' is not a whole number from {min} to {max}.");
        return absent;
    }
}
