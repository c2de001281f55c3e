using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EdgeSecurity.Contract;
using EdgeSecurity.Hub.Tests.Infrastructure;

namespace EdgeSecurity.Hub.Tests;

/// <summary>Evidence a gateway sends: stored once by URI, served only to people who may see an incident pointing at it; bad uploads refused and counted.</summary>
public abstract class EvidenceTests(HubFixture fixture)
{
    private static readonly byte[] Jpeg = File.ReadAllBytes(Path.Combine(RepositoryLayout.SharedDirectory, "media", "vtest_frame_t20s.jpg"));

    [Fact]
    public async Task A_snapshot_is_served_to_the_operator_who_sees_its_incident_and_404s_to_police_of_another_street()
    {
        var uri = $"evidence://{DemoSite.Gateway}/snapshots/{Guid.CreateVersion7():D}.jpg";
        var e = SampleEvents.Create(DemoSite.Community, EventTypes.PerimeterIntrusion) with
        {
            GatewayId = DemoSite.Gateway,
            DeviceId = "cam-evidence",
            Place = new Place(DemoSite.Community, DemoSite.Grid, "3"),
            IsTest = false,
            Evidence = new EvidenceRef(EvidenceKind.Snapshot, uri),
        };
        var path = $"/api/evidence?uri={Uri.EscapeDataString(uri)}";
        var before = await fixture.Hub.StatsAsync();

        await fixture.Edge.PublishAsync(e);
        var upload = ContractWriter.ToJson(new EvidenceUpload(uri, "image/jpeg", Sha256(Jpeg), Jpeg));
        await fixture.Edge.PublishAsync(Topics.Evidence(DemoSite.Community, DemoSite.Gateway, "cam-evidence"), upload);
        await fixture.Edge.PublishAsync(Topics.Evidence(DemoSite.Community, DemoSite.Gateway, "cam-evidence"), upload);

        var wangmin = await fixture.People.AsAsync("wangmin");
        var served = await Poll.UntilAsync(() => wangmin.GetAsync(new Uri(path, UriKind.Relative)), r => r.StatusCode == HttpStatusCode.OK, "the snapshot to be served to wangmin");
        Assert.Equal("image/jpeg", served.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Jpeg, await served.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, await fixture.People.StatusOfAsync("police-wu", path));
        Assert.Equal(HttpStatusCode.NotFound, await fixture.People.StatusOfAsync("wangmin", $"/api/evidence?uri={Uri.EscapeDataString($"evidence://{DemoSite.Gateway}/snapshots/{Guid.CreateVersion7():D}.jpg")}"));
        Assert.Equal(HttpStatusCode.NotFound, await fixture.People.StatusOfAsync("wangmin", "/api/evidence?uri=evidence://gw-demo-01/snapshots/../../hub.db"));
        var after = await Poll.UntilAsync(fixture.Hub.StatsAsync, s => (long)s["accepted"]!["evidence"]! - (long)before["accepted"]!["evidence"]! == 2, "both copies accepted");
        Assert.Equal((long)before["failed"]!, (long)after["failed"]!);
    }

    [Fact]
    public async Task Bad_evidence_uploads_are_refused_with_their_reason_and_counted()
    {
        var community = SampleEvents.NewCommunity();
        var topic = Topics.Evidence(community, SampleEvents.Gateway, "cam-1");
        var uri = $"evidence://{SampleEvents.Gateway}/snapshots/{Guid.CreateVersion7():D}.jpg";
        (byte[] Payload, string Reason)[] bad =
        [
            (ContractWriter.ToJson(new EvidenceUpload(uri, "image/jpeg", Sha256([1, 2, 3]), Jpeg)), "invalid_field"),
            (ContractWriter.ToJson(new EvidenceUpload($"evidence://gw-other/snapshots/{Guid.CreateVersion7():D}.jpg", "image/jpeg", Sha256(Jpeg), Jpeg)), "invalid_field"),
            (ContractWriter.ToJson(new EvidenceUpload(uri.Replace("snapshots", "originals", StringComparison.Ordinal), "image/jpeg", Sha256(Jpeg), Jpeg)), "invalid_field"),
            (ContractWriter.ToJson(new EvidenceUpload(uri, "image/png", Sha256(Jpeg), Jpeg)), "invalid_field"),
            (Encoding.UTF8.GetBytes($$"""{"v":1,"uri":"{{uri}}","contentType":"image/jpeg","sha256":"00","data":"not base64!"}"""), "wrong_type"),
            (Encoding.UTF8.GetBytes($$"""{"v":1,"uri":"{{uri}}","contentType":"image/jpeg","data":"AAAA"}"""), "missing_field"),
            (new byte[ContractReader.MaxEvidencePayloadBytes + 1], "payload_too_large"),
        ];
        var before = await fixture.Hub.StatsAsync();

        foreach (var (payload, _) in bad)
            await fixture.Edge.PublishAsync(topic, payload);

        var expected = bad.GroupBy(b => b.Reason).ToDictionary(g => g.Key, g => (long)g.Count());
        var after = await Poll.UntilAsync(fixture.Hub.StatsAsync, s => Rejected(before, s).Values.Sum() >= bad.Length, $"{bad.Length} rejections");
        Assert.Equal(expected, Rejected(before, after).Where(r => r.Value > 0).ToDictionary());
        Assert.Equal((long)before["accepted"]!["evidence"]!, (long)after["accepted"]!["evidence"]!);
    }

    private static string Sha256(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    private static Dictionary<string, long> Rejected(JsonObject before, JsonObject after) =>
        after["rejected"]!.AsObject().ToDictionary(p => p.Key, p => (long)p.Value! - (long)before["rejected"]![p.Key]!);
}

public sealed class EvidenceTestsOnSqlite(HubFixture fixture) : EvidenceTests(fixture), IClassFixture<HubFixture>;

public sealed class EvidenceTestsOnPostgres(PostgresHubFixture fixture) : EvidenceTests(fixture), IClassFixture<PostgresHubFixture>;
