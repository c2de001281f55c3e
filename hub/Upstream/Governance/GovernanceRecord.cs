namespace EdgeSecurity.Upstream.Governance;

/// <summary>
/// One incident as the governance centre receives it. Every change the centre must learn about (a new state, new
/// evidence, an escalation) is a new <see cref="Revision"/>; the same revision is always the same record, so a
/// retry can never become a second one.
/// </summary>
public sealed record GovernanceRecord(
    string IncidentId,
    long Revision,
    string Type,
    LocalizedText TypeName,
    int Level,
    RecordPlace Place,
    DateTimeOffset OccurredAt,
    DateTimeOffset ReportedAt,
    DateTimeOffset UpdatedAt,
    string State,
    IReadOnlyList<StateChange> History,
    IReadOnlyList<RecordEvidence> Evidence,
    bool IsTest)
{
    /// <summary>Incident id and revision: the CloudEvents <c>id</c> and the <c>Idempotency-Key</c> header.</summary>
    public string IdempotencyKey => $"{IncidentId}:{Revision}";
}

public sealed record LocalizedText(string Zh, string En);

/// <summary>
/// The address of the incident from the city down to the room (城市/区县/街镇/社区/网格/楼栋/单元/楼层/房间), with the grid's
/// code as the governance centre assigned it. Levels the hub does not know are null.
/// </summary>
public sealed record RecordPlace(
    string? City,
    string? County,
    string? Street,
    string Community,
    string? Grid,
    string GridCode,
    string? Building,
    string? Unit,
    string? Floor,
    string? Room)
{
    /// <summary>The known levels joined by '/', top down, for display and grouping.</summary>
    public string Path => string.Join('/', new[] { City, County, Street, Community, Grid, Building, Unit, Floor, Room }.Where(p => !string.IsNullOrEmpty(p)));
}

/// <summary>One step of the incident's loop: who moved it to which state, when, and why.</summary>
public sealed record StateChange(string State, DateTimeOffset At, string? By, string? Note);

/// <summary>
/// A snapshot or clip: either a link the centre fetches (<see cref="Uri"/>) or an embedded JPEG (<see cref="Data"/>,
/// Base64). <see cref="Blurred"/> says whether faces and plates were made unrecognisable before it left the hub.
/// </summary>
public sealed record RecordEvidence(string Kind, string? Uri, string? ContentType, string? Data, bool Blurred)
{
    public static RecordEvidence Link(string kind, string uri, bool blurred) => new(kind, uri, null, null, blurred);

    public static RecordEvidence EmbeddedJpeg(string kind, Privacy.OutboundImage image) =>
        new(kind, null, "image/jpeg", Convert.ToBase64String(image.Jpeg), image.Blurred);
}
