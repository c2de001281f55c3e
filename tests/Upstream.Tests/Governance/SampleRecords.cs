using EdgeSecurity.Upstream.Governance;

namespace EdgeSecurity.Upstream.Tests.Governance;

internal static class SampleRecords
{
    public static readonly SigningKey HubKey = new("hub-yangguang-1", [.. Enumerable.Range(1, 32).Select(i => (byte)i)]);

    public static GovernanceRecord DoorForced(string incidentId = "019c8a6e-5b1f-7c3a-9d0e-2f4b6a8c0e1f", long revision = 1)
    {
        var occurred = new DateTimeOffset(2026, 11, 22, 23, 15, 0, TimeSpan.FromHours(8));
        return new GovernanceRecord(
            incidentId,
            revision,
            "security.door_forced_open",
            new LocalizedText("门被强行打开", "Door forced open"),
            2,
            new RecordPlace("宁波市", "鄞州区", "首南街道", "阳光花园", "网格07", "330212001007", "3", "2", "1", null),
            occurred,
            occurred.AddSeconds(1),
            occurred.AddMinutes(3),
            "escalated",
            [
                new StateChange("reported", occurred.AddSeconds(1), "system", null),
                new StateChange("escalated", occurred.AddMinutes(3), "system", "未在3分钟内确认 not acknowledged within 3 min"),
            ],
            [RecordEvidence.Link("snapshot", "https://hub.example/evidence/019c8a6e/blurred.jpg", blurred: true)],
            IsTest: false);
    }

    public static GovernanceSenderOptions Options(Uri endpoint, SigningKey? key = null, TimeSpan? timeout = null) => new()
    {
        Endpoint = endpoint,
        Source = "urn:edgesecurity:hub:yangguang",
        Key = key ?? HubKey,
        RequestTimeout = timeout ?? TimeSpan.FromSeconds(10),
    };

    public static string Base64(SigningKey key) => Convert.ToBase64String(key.Secret);
}
