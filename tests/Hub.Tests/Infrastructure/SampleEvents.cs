using EdgeSecurity.Contract;

namespace EdgeSecurity.Hub.Tests.Infrastructure;

public static class SampleEvents
{
    public const string Gateway = "gw-1";
    public const string Device = "door-1";

    public static readonly DateTimeOffset BaseTime = new(2026, 3, 1, 20, 0, 0, TimeSpan.FromHours(8));

    /// <summary>A community id of its own per test, so tests sharing a hub never see each other's incidents.</summary>
    public static string NewCommunity() => $"cm-{Guid.NewGuid():N}"[..16];

    public static EdgeEvent Create(string community, EventType? type = null, WarningLevel? level = null, DateTimeOffset? occurredAt = null, Guid? eventId = null)
    {
        var eventType = type ?? EventTypes.DoorForcedOpen;
        var at = occurredAt ?? BaseTime;
        return new EdgeEvent(
            eventId ?? Guid.NewGuid(), Gateway, Device,
            new Place(community, "grid-7", "3", "2", "5", "502"),
            eventType, level ?? eventType.DefaultLevel,
            at, at.AddSeconds(1),
            new EvidenceRef(EvidenceKind.Snapshot, "https://hub.local/evidence/1.jpg"),
            IsTest: true,
            Attributes: new Dictionary<string, string> { ["armedBy"] = "schedule" });
    }
}
