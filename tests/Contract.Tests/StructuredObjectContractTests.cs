using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EdgeSecurity.Contract;

namespace EdgeSecurity.Contract.Tests;

/// <summary>Structured objects: a camera's confirmed person, vehicle or e-bike with its face-pixelated crop, checked before a hub stores anything.</summary>
public sealed class StructuredObjectContractTests
{
    private const string Uri = "evidence://gw-1/snapshots/019a4c6e-5b1f-7c3a-9d2e-0a1b2c3d4e5f.jpg";
    private static readonly ContractTopic Topic = new("cm-1", "gw-1", TopicKind.Objects, "cam-1");
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 0xFF, 0xD9];

    private static StructuredObject Sample(byte[]? data = null) => new(
        Guid.Parse("019a4c6e-5b1f-7c3a-9d2e-0a1b2c3d4e60"), "gw-1", "cam-1", ObjectKind.Person, "person", 12,
        DateTimeOffset.Parse("2026-11-22T23:15:00+08:00", System.Globalization.CultureInfo.InvariantCulture),
        new ObjectBox(100, 40, 160, 200, 640, 360), 0.84, "left",
        new ObjectImage(Uri, Convert.ToHexStringLower(SHA256.HashData(data ?? Jpeg)), 72, 192, data ?? Jpeg));

    [Fact]
    public void An_object_round_trips_on_the_objects_topic_of_its_camera()
    {
        var o = Sample();
        var read = ContractReader.ReadStructuredObject(Topic, ContractWriter.ToJson(o)).Value!;

        Assert.Equal(o with { Image = read.Image }, read);
        Assert.Equal((o.Image.Uri, o.Image.Sha256, 72, 192), (read.Image.Uri, read.Image.Sha256, read.Image.Width, read.Image.Height));
        Assert.Equal(Jpeg, read.Image.Data.ToArray());
        Assert.Equal("es/v1/cm-1/gw-1/objects/cam-1", Topics.Objects("cm-1", "gw-1", "cam-1"));
        Assert.Equal(Topic, Topics.TryParse("es/v1/cm-1/gw-1/objects/cam-1", out _));
        Assert.Equal(ObjectKind.MotorVehicle, ObjectKinds.OfLabel("truck"));
        Assert.Equal(ObjectKind.NonMotorVehicle, ObjectKinds.OfLabel("motorcycle"));
        Assert.Null(ObjectKinds.OfLabel("dog"));
    }

    [Theory]
    [InlineData("kind", "\"dog\"", RejectionReason.InvalidField, "kind")]
    [InlineData("objectId", "\"not-a-uuid\"", RejectionReason.InvalidField, "objectId")]
    [InlineData("confidence", "1.5", RejectionReason.InvalidField, "confidence")]
    [InlineData("direction", "\"sideways\"", RejectionReason.InvalidField, "direction")]
    [InlineData("gatewayId", "\"gw-2\"", RejectionReason.TopicMismatch, "gateway")]
    [InlineData("deviceId", "\"cam-2\"", RejectionReason.TopicMismatch, "device")]
    [InlineData("trackId", "\"twelve\"", RejectionReason.WrongType, "trackId")]
    [InlineData("box", "{\"left\":600,\"top\":40,\"right\":700,\"bottom\":200,\"frameWidth\":640,\"frameHeight\":360}", RejectionReason.InvalidField, "within")]
    [InlineData("box", "{\"left\":100,\"top\":40,\"right\":160,\"frameWidth\":640,\"frameHeight\":360}", RejectionReason.MissingField, "box.bottom")]
    [InlineData("image", "null", RejectionReason.MissingField, "image")]
    [InlineData("v", "2", RejectionReason.UnsupportedVersion, "version")]
    public void A_bad_object_is_refused_with_its_reason(string field, string value, RejectionReason reason, string detail)
    {
        var json = JsonNode.Parse(ContractWriter.ToJson(Sample()))!.AsObject();
        json[field] = JsonNode.Parse(value);

        var rejection = ContractReader.ReadStructuredObject(Topic, Encoding.UTF8.GetBytes(json.ToJsonString())).Rejection!;

        Assert.Equal(reason, rejection.Reason);
        Assert.Contains(detail, rejection.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("uri", "\"evidence://gw-2/snapshots/019a4c6e-5b1f-7c3a-9d2e-0a1b2c3d4e5f.jpg\"", "image.uri")]
    [InlineData("uri", "\"evidence://gw-1/originals/019a4c6e-5b1f-7c3a-9d2e-0a1b2c3d4e5f.jpg\"", "image.uri")]
    [InlineData("sha256", "\"00\"", "image.sha256")]
    [InlineData("contentType", "\"image/png\"", "image.contentType")]
    [InlineData("width", "0", "image.width")]
    [InlineData("data", "\"iVBORw0KGgo=\"", "not a JPEG")]
    public void A_bad_crop_is_refused_as_an_invalid_field(string field, string value, string detail)
    {
        var json = JsonNode.Parse(ContractWriter.ToJson(Sample()))!.AsObject();
        json["image"]![field] = JsonNode.Parse(value);

        var rejection = ContractReader.ReadStructuredObject(Topic, Encoding.UTF8.GetBytes(json.ToJsonString())).Rejection!;

        Assert.Equal(RejectionReason.InvalidField, rejection.Reason);
        Assert.Contains(detail, rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_crop_over_512_KiB_or_a_payload_over_the_evidence_limit_is_refused_and_garbage_is_malformed_json()
    {
        var big = new byte[ContractReader.MaxEvidenceBytes + 1];
        big[0] = 0xFF;
        big[1] = 0xD8;

        Assert.Equal(RejectionReason.InvalidField, ContractReader.ReadStructuredObject(Topic, ContractWriter.ToJson(Sample(big))).Rejection!.Reason);
        Assert.Equal(RejectionReason.PayloadTooLarge, ContractReader.ReadStructuredObject(Topic, new byte[ContractReader.MaxEvidencePayloadBytes + 1]).Rejection!.Reason);
        Assert.Equal(RejectionReason.MalformedJson, ContractReader.ReadStructuredObject(Topic, "{\"v\":1,\"objectId\":"u8.ToArray()).Rejection!.Reason);
    }
}
