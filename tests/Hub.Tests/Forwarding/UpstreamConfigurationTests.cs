namespace EdgeSecurity.Hub.Tests.Forwarding;

/// <summary>A hub with unusable upstream settings refuses to start, naming every problem at once.</summary>
public sealed class UpstreamConfigurationTests
{
    [Fact]
    public void Every_problem_of_the_upstream_settings_is_named_and_the_hub_does_not_start()
    {
        var error = Assert.Throws<InvalidOperationException>(() => HubApp.Build(
        [
            "--Hub:Upstreams:county:Endpoint=http://governance.example/api/records",
            "--Hub:Upstreams:county:KeyId=hub-1",
            "--Hub:Upstreams:county:Secret=dG9vIHNob3J0",
            "--Hub:Upstreams:county:Tier=community",
            "--Hub:Upstreams:county:Types=fire.confirmed,fire.*,door.opened",
            "--Hub:Upstreams:county:MinimumLevel=3",
            "--Hub:Upstreams:county:RetryInitialDelay=soon",
            "--Hub:Upstreams:county:CentreKeys:centre-1=AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=",
            "--Hub:Upstreams:street:Endpoint=not a url",
            "--Hub:Upstreams:street:CentreKeys:centre-1=AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=",
        ]));

        Assert.StartsWith("上行配置错误 upstream configuration error:", error.Message, StringComparison.Ordinal);
        Assert.Contains("Hub:Upstreams:county:Secret: the secret of key 'hub-1' has 9 bytes; at least 32 are required", error.Message, StringComparison.Ordinal);
        Assert.Contains("Hub:Upstreams:county:Tier 'community' must be street, county or none", error.Message, StringComparison.Ordinal);
        Assert.Contains("'door.opened' is neither an event type", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'fire.*'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Hub:Upstreams:county:MinimumLevel '3' must be notice, warning or alarm", error.Message, StringComparison.Ordinal);
        Assert.Contains("Hub:Upstreams:county:RetryInitialDelay 'soon' is not a positive time span", error.Message, StringComparison.Ordinal);
        Assert.Contains("Hub:Upstreams:street:Endpoint 'not a url' is not an absolute URL", error.Message, StringComparison.Ordinal);
        Assert.Contains("Hub:Upstreams:street:KeyId and Hub:Upstreams:street:Secret", error.Message, StringComparison.Ordinal);
        Assert.Contains("the centre key id 'centre-1' is configured for county and street", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_http_off_loopback_and_a_bad_camera_of_the_device_directory_are_refused()
    {
        var http = Assert.Throws<InvalidOperationException>(() => HubApp.Build(
        [
            "--Hub:Upstreams:county:Endpoint=http://governance.example/api/records",
            "--Hub:Upstreams:county:KeyId=hub-1",
            "--Hub:Upstreams:county:Secret=AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=",
        ]));
        Assert.Contains("must be https (plain http is only allowed on loopback)", http.Message, StringComparison.Ordinal);

        var viid = Assert.Throws<InvalidOperationException>(() => HubApp.Build(
        [
            "--Hub:Viid:BaseUri=http://127.0.0.1:9/",
            "--Hub:Viid:DeviceId=123",
            "--Hub:Viid:Username=hub",
            "--Hub:Viid:Cameras:33010600011320000031:Gateway=gw-demo-01",
            "--Hub:Viid:Cameras:33010600011320000031:Name=门口",
            "--Hub:Viid:Cameras:33010600011320000031:Model=IPC",
            "--Hub:Viid:Cameras:33010600011320000031:IPAddr=192.168.1.300",
            "--Hub:Viid:Cameras:33010600011320000031:Port=554",
            "--Hub:Viid:Cameras:33010600011320000031:Longitude=200",
            "--Hub:Viid:Cameras:33010600011320000031:Latitude=30",
            "--Hub:Viid:Cameras:12:Gateway=gw-demo-01",
            "--Hub:Viid:Cameras:33010600011320000032:Gateway=gw-demo-01",
            "--Hub:Viid:Cameras:33010600011320000032:Device=cam b3/plaza",
            "--Hub:Viid:Cameras:33010600011320000032:Name=广场",
            "--Hub:Viid:Cameras:33010600011320000032:Model=IPC",
            "--Hub:Viid:Cameras:33010600011320000032:IPAddr=192.168.1.32",
            "--Hub:Viid:Cameras:33010600011320000032:Port=554",
            "--Hub:Viid:Cameras:33010600011320000032:Longitude=120.1",
            "--Hub:Viid:Cameras:33010600011320000032:Latitude=30",
            "--Hub:Viid:ReceivesOriginals=maybe",
            "--Hub:Viid:ObjectInterval=soon",
        ]));
        Assert.StartsWith("视图库配置错误 GA/T 1400 configuration error:", viid.Message, StringComparison.Ordinal);
        Assert.Contains("the platform code '123' must be 20 digits", viid.Message, StringComparison.Ordinal);
        Assert.Contains("IPAddr '192.168.1.300' is not an IP address", viid.Message, StringComparison.Ordinal);
        Assert.Contains("Longitude and Latitude must be decimal degrees", viid.Message, StringComparison.Ordinal);
        Assert.Contains("Hub:Viid:Cameras:12: the camera's ApeID must be its 20-digit code", viid.Message, StringComparison.Ordinal);
        Assert.Contains("Hub:Viid:Cameras:12: Name, Model, IPAddr, Port, Longitude, Latitude required", viid.Message, StringComparison.Ordinal);
        Assert.Contains("Hub:Viid:Cameras:33010600011320000032:Device 'cam b3/plaza' is not a camera id of the agent", viid.Message, StringComparison.Ordinal);
        Assert.Contains("Hub:Viid:ReceivesOriginals 'maybe' must be true or false", viid.Message, StringComparison.Ordinal);
        Assert.Contains("Hub:Viid:ObjectInterval 'soon' is not a positive time span", viid.Message, StringComparison.Ordinal);
    }
}
