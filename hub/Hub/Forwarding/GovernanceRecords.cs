using System.Text.Json;
using EdgeSecurity.Hub.Incidents;
using EdgeSecurity.Hub.Places;
using EdgeSecurity.Upstream.Governance;

namespace EdgeSecurity.Hub.Forwarding;

/// <summary>
/// An incident as the governance centre receives it (hub/Upstream/README.md): the address named from city to room with
/// the grid's official code, every step of the audit trail as history, times at the upstream's offset. Made once per
/// revision and stored, so every retry of a revision sends the same record.
/// </summary>
public static class GovernanceRecords
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>One audit entry as the record's history needs it.</summary>
    public sealed record HistoryStep(DateTimeOffset At, string Actor, string Action, IncidentState State, EscalationTier Tier, string? Note);

    /// <remarks>
    /// Evidence is not sent yet: the hub keeps only the edge's links to unblurred originals, and an image may leave for an
    /// upstream only through the privacy gate (UpstreamImagePolicy), which needs the hub to hold the images themselves.
    /// </remarks>
    public static GovernanceRecord Build(Incident incident, long revision, IReadOnlyList<HistoryStep> history, Site.Site site, TimeSpan offset)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(site);
        var community = site.Place(incident.Community);
        var grid = site.Grid(incident.Community, incident.Place.Grid);
        var place = new RecordPlace(
            site.Above(incident.Community, PlaceLevel.City)?.Name,
            site.Above(incident.Community, PlaceLevel.County)?.Name,
            site.Above(incident.Community, PlaceLevel.Street)?.Name,
            community?.Name ?? incident.Community,
            grid?.Name ?? incident.Place.Grid,
            grid?.Code ?? community?.Code ?? "",
            incident.Place.Building, incident.Place.Unit, incident.Place.Floor, incident.Place.Room);
        return new GovernanceRecord(
            incident.Id.ToString(), revision, incident.Type, new LocalizedText(incident.TypeName.Zh, incident.TypeName.En), (int)incident.Level, place,
            incident.OccurredAt.ToOffset(offset), incident.ReceivedAt.ToOffset(offset), incident.UpdatedAt.ToOffset(offset), ApiNames.Of(incident.State),
            [.. history.Select(s => new StateChange(ApiNames.Of(s.State), s.At.ToOffset(offset), s.Actor, Describe(s)))],
            [], incident.IsTest);
    }

    public static string Serialize(GovernanceRecord record) => JsonSerializer.Serialize(record, Json);

    public static GovernanceRecord Deserialize(string json) =>
        JsonSerializer.Deserialize<GovernanceRecord>(json, Json) ?? throw new JsonException("a stored record is null");

    /// <summary>What the step did, in the note: the action, the tier it moved to, and the person's own words.</summary>
    private static string? Describe(HistoryStep step) => step.Action switch
    {
        "reported" => step.Note,
        "escalated" or "escalate" => $"升级至{TierName(step.Tier)} escalated to {ApiNames.Of(step.Tier)}" + (step.Note is null ? "" : $": {step.Note}"),
        _ => step.Note is null ? step.Action : $"{step.Action}: {step.Note}",
    };

    private static string TierName(EscalationTier tier) => tier switch
    {
        EscalationTier.Community => "社区",
        EscalationTier.Street => "街镇",
        _ => "县",
    };
}
