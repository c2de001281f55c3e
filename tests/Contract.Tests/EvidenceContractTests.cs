using System.Security.Cryptography;
using System.Text;
using EdgeSecurity.Contract;

namespace EdgeSecurity.Contract.Tests;

/// <summary>Evidence uploads: a gateway's snapshot, its bytes and their SHA-256, checked before a hub stores anything.</summary>
public sealed class EvidenceContractTests
{
    private const string Uri = "evidence://gw-1/snapshots/019a4c6e-5b1f-7c3a-9d2e-0a1b2c3d4e5f.jpg";
    private static readonly ContractTopic Topic = new("cm-1", "gw-1", TopicKind.Evidence, "cam-1");
    private static readonly byte[] Data = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 0xFF, 0xD9];
    private static readonly string Sha = Convert.ToHexStringLower(SHA256.HashData(Data));

    [Fact]
    public void An_upload_round_trips_and_its_topic_is_the_evidence_kind_of_a_device()
    {
        var upload = new EvidenceUpload(Uri, "image/jpeg", Sha, Data);
        var read = ContractReader.ReadEvidenceUpload(Topic, ContractWriter.ToJson(upload)).Value!;

        Assert.Equal((Uri, "image/jpeg", Sha), (read.Uri, read.ContentType, read.Sha256));
        Assert.Equal(Data, read.Data.ToArray());
        Assert.Equal("es/v1/cm-1/gw-1/evidence/cam-1", Topics.Evidence("cm-1", "gw-1", "cam-1"));
        Assert.Equal(Topic, Topics.TryParse("es/v1/cm-1/gw-1/evidence/cam-1", out _));
        Assert.Contains("\"data\":\"/9j/4AECA//Z\"", Encoding.UTF8.GetString(ContractWriter.ToJson(upload)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"v":1,"uri":"evidence://gw-1/snapshots/019a4c6e-5b1f-7c3a-9d2e-0a1b2c3d4e5f.jpg","contentType":"image/jpeg","sha256":"00","data":"/9j/4AECA//Z"}""", RejectionReason.InvalidField, "sha256")]
    [InlineData("""{"v":1,"uri":"evidence://gw-2/snapshots/019a4c6e-5b1f-7c3a-9d2e-0a1b2c3d4e5f.jpg","contentType":"image/jpeg","sha256":"SHA","data":"/9j/4AECA//Z"}""", RejectionReason.InvalidField, "uri")]
    [InlineData("""{"v":1,"uri":"evidence://gw-1/originals/019a4c6e-5b1f-7c3a-9d2e-0a1b2c3d4e5f.jpg","contentType":"image/jpeg","sha256":"SHA","data":"/9j/4AECA//Z"}""", RejectionReason.InvalidField, "uri")]
    [InlineData("""{"v":1,"uri":"evidence://gw-1/snapshots/../../etc/passwd.jpg","contentType":"image/jpeg","sha256":"SHA","data":"/9j/4AECA//Z"}""", RejectionReason.InvalidField, "uri")]
    [InlineData("""{"v":1,"uri":"evidence://gw-1/snapshots/019a4c6e-5b1f-7c3a-9d2e-0a1b2c3d4e5f.jpg","contentType":"text/html","sha256":"SHA","data":"/9j/4AECA//Z"}""", RejectionReason.InvalidField, "contentType")]
    [InlineData("""{"v":1,"uri":"evidence://gw-1/snapshots/019a4c6e-5b1f-7c3a-9d2e-0a1b2c3d4e5f.jpg","contentType":"image/jpeg","sha256":"SHA","data":""}""", RejectionReason.InvalidField, "data")]
    [InlineData("""{"v":1,"uri":"evidence://gw-1/snapshots/019a4c6e-5b1f-7c3a-9d2e-0a1b2c3d4e5f.jpg","contentType":"image/jpeg","sha256":"SHA","data":"%%%"}""", RejectionReason.WrongType, "data")]
    [InlineData("""{"v":1,"uri":"evidence://gw-1/snapshots/019a4c6e-5b1f-7c3a-9d2e-0a1b2c3d4e5f.jpg","contentType":"image/jpeg","data":"/9j/4AECA//Z"}""", RejectionReason.MissingField, "sha256")]
    [InlineData("""{"v":2,"uri":"evidence://gw-1/snapshots/019a4c6e-5b1f-7c3a-9d2e-0a1b2c3d4e5f.jpg","contentType":"image/jpeg","sha256":"SHA","data":"/9j/4AECA//Z"}""", RejectionReason.UnsupportedVersion, "version")]
    [InlineData("""{"v":1,"uri":""", RejectionReason.MalformedJson, "line 1")]
    public void A_bad_upload_is_refused_with_its_reason(string payload, RejectionReason reason, string detail)
    {
        var rejection = ContractReader.ReadEvidenceUpload(Topic, Encoding.UTF8.GetBytes(payload.Replace("SHA", Sha, StringComparison.Ordinal))).Rejection!;

        Assert.Equal(reason, rejection.Reason);
        Assert.Contains(detail, rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void An_upload_over_the_limit_is_refused_before_it_is_parsed_and_one_just_under_is_read()
    {
        var big = new byte[ContractReader.MaxEvidenceBytes];
        var largest = ContractWriter.ToJson(new EvidenceUpload(Uri, "image/jpeg", Convert.ToHexStringLower(SHA256.HashData(big)), big));
        Assert.NotNull(ContractReader.ReadEvidenceUpload(Topic, largest).Value);
        Assert.Equal(RejectionReason.PayloadTooLarge, ContractReader.ReadEvidenceUpload(Topic, new byte[ContractReader.MaxEvidencePayloadBytes + 1]).Rejection!.Reason);
        Assert.Equal(RejectionReason.PayloadTooLarge, ContractReader.ReadEvent(new ContractTopic("cm-1", "gw-1", TopicKind.Events, "cam-1"), largest).Rejection!.Reason);
    }
}
