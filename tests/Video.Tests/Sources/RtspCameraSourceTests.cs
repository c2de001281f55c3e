namespace EdgeSecurity.Video.Tests;

public sealed class RtspCameraSourceTests(RtspTestServer server) : IClassFixture<RtspTestServer>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Reads_frames_from_an_rtsp_server()
    {
        await using var camera = new CameraSource(Options());
        camera.Start();

        var frames = new List<byte[]>();
        await FrameReader.ForEachAsync(camera, 10, Timeout, frame =>
        {
            Assert.Equal((640, 480), (frame.Frame.Width, frame.Frame.Height));
            frames.Add(frame.Frame.Pixels.ToArray());
        });

        Assert.True(frames[0].Distinct().Count() > 100, "the first frame is nearly uniform");
        Assert.NotEqual(frames[0], frames[^1]);
        Assert.Equal(CameraHealth.Online, camera.Health);
    }

    [Fact]
    public async Task A_killed_server_makes_the_camera_offline_and_a_restarted_one_brings_it_back()
    {
        await using var camera = new CameraSource(Options());
        var health = new HealthRecorder(camera);
        camera.Start();
        await health.NextAsync(CameraHealth.Online, Timeout);
        var before = health.Seen.Count - 1;

        await server.KillAsync();
        var offline = await health.NextAsync(CameraHealth.Offline, Timeout);
        await server.StartAsync();
        await health.NextAsync(CameraHealth.Online, Timeout);

        Assert.False(string.IsNullOrWhiteSpace(offline.Reason));
        await FrameReader.ForEachAsync(camera, 3, Timeout, frame => Assert.Equal(640, frame.Frame.Width));
        Assert.True(
            health.Seen.Skip(before).Select(change => change.Health).SequenceEqual([CameraHealth.Online, CameraHealth.Offline, CameraHealth.Online]),
            $"changes seen: {string.Join("; ", health.Seen)}");
    }

    private CameraSourceOptions Options() => new()
    {
        Name = "rtsp",
        Input = server.Url,
        Width = 640,
        Height = 480,
        StallTimeout = TimeSpan.FromSeconds(3),
        InitialBackoff = TimeSpan.FromMilliseconds(200),
        MaximumBackoff = TimeSpan.FromSeconds(1),
    };
}
