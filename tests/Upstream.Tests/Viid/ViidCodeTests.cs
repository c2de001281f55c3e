using EdgeSecurity.Upstream.Viid;

namespace EdgeSecurity.Upstream.Tests.Viid;

public sealed class ViidCodeTests
{
    [Fact]
    public void A_device_code_is_region_unit_industry_type_network_and_serial()
    {
        Assert.Equal("33021200" + "01" + "132" + "8" + "000031", SampleObjects.CameraId);
        Assert.Equal(20, SampleObjects.PlatformId.Length);
    }

    [Theory]
    [InlineData("33021", "00", "01", "132", '8', 1, "region '33021' must be 6 digits")]
    [InlineData("330212", "0A", "01", "132", '8', 1, "unit '0A' must be 2 digits")]
    [InlineData("330212", "00", "01", "13", '8', 1, "type '13' must be 3 digits")]
    [InlineData("330212", "00", "01", "132", 'x', 1, "network 'x' must be one digit")]
    public void Bad_segments_are_refused_by_name(string region, string unit, string industry, string type, char network, int serial, string message) =>
        Assert.StartsWith(message, Assert.Throws<ArgumentException>(() => ViidCodes.DeviceCode(region, unit, industry, type, network, serial)).Message, StringComparison.Ordinal);

    [Fact]
    public void A_serial_beyond_six_digits_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ViidCodes.DeviceCode("330212", "00", "01", "132", '8', 1_000_000));

    [Fact]
    public void Image_and_object_ids_extend_the_device_code_with_local_time_and_serials()
    {
        var ids = new ViidIdGenerator(TimeSpan.FromHours(8));

        var image = ids.ImageId(SampleObjects.CameraId, new DateTimeOffset(2026, 11, 22, 15, 15, 0, TimeSpan.Zero));
        var person = ids.ObjectId(image, ViidObjectKind.Person);
        var second = ids.ObjectId(image, ViidObjectKind.Person);

        Assert.Equal(SampleObjects.CameraId + "02" + "20261122231500" + "00001", image);
        Assert.Equal(image + "01" + "00002", person);
        Assert.NotEqual(person, second);
        Assert.Throws<ArgumentException>(() => ids.ObjectId("123", ViidObjectKind.Person));
        Assert.Throws<ArgumentException>(() => ids.ImageId("not-a-code", DateTimeOffset.UtcNow));
    }

    [Fact]
    public void The_digest_answer_matches_the_worked_example_of_rfc_2617()
    {
        var credentials = new DigestCredentials("Mufasa", "Circle Of Life");
        credentials.Accept(DigestChallenge.TryParse(
            "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"")!);

        var header = credentials.Authorize("GET", "/dir/index.html", "0a4f113b")!;

        var fields = DigestParameters.Parse(header.AsSpan(7));
        Assert.Equal(("6629fae49393a05397450978507c4ef1", "00000001", "auth", "5ccc069c403ebaf9f0171e9517f40e41"),
            (fields["response"], fields["nc"], fields["qop"], fields["opaque"]));
        Assert.Equal("00000002", DigestParameters.Parse(credentials.Authorize("GET", "/dir/index.html")!.AsSpan(7))["nc"]);
    }

    [Theory]
    [InlineData("Basic realm=\"x\"")]
    [InlineData("Digest realm=\"x\"")]
    [InlineData(null)]
    public void Challenges_that_are_not_usable_digest_challenges_are_not_parsed(string? header) =>
        Assert.Null(DigestChallenge.TryParse(header));

    [Fact]
    public void A_server_asking_for_another_digest_algorithm_is_refused_clearly()
    {
        var credentials = new DigestCredentials("u", "p");

        var error = Assert.Throws<NotSupportedException>(() => credentials.Accept(DigestChallenge.TryParse("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-256")!));

        Assert.Contains("SHA-256", error.Message, StringComparison.Ordinal);
    }
}
