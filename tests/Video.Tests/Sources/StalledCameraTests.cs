using System.Diagnostics;
using EdgeSecurity.Testing;

namespace EdgeSecurity.Video.Tests;

public sealed class StalledCameraTests
{
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_stalled_stream_goes_offline_within_the_stall_timeout_and_online_when_it_flows_again()
    {
        using var directory = new TempDirectory("stall");
        var video = MpegTransportStream(directory.Combine("vtest.ts"));
        // 60 % of 20 s is more than ffmpeg probes before its first frame, so frames flow before the silence.
        await using var feed = new TcpVideoFeed(video, video.Length * 6 / 10);
        await using var camera = new CameraSource(new CameraSourceOptions
        {
            Name = "hanging",
            Input = feed.Url,
            Width = 320,
            Height = 240,
            StallTimeout = StallTimeout,
            InitialBackoff = TimeSpan.FromMilliseconds(100),
            MaximumBackoff = TimeSpan.FromMilliseconds(500),
        });
        var health = new HealthRecorder(camera);
        camera.Start();

        await health.NextAsync(CameraHealth.Online, Timeout);
        var silence = Stopwatch.StartNew();
        var offline = await health.NextAsync(CameraHealth.Offline, Timeout);
        Assert.Contains("no frame for", offline.Reason, StringComparison.Ordinal);
        // Measured from the first frame, before the buffered frames were decoded; plus one watchdog tick and a busy machine.
        Assert.True(silence.Elapsed < StallTimeout * 3, $"offline {silence.ElapsedMilliseconds} ms after the last frames");

        feed.Resume();
        await health.NextAsync(CameraHealth.Online, Timeout);
        await FrameReader.ForEachAsync(camera, 5, Timeout, frame => Assert.Equal(320, frame.Frame.Width));
        Assert.True(feed.Connections >= 2, $"{feed.Connections} connection(s)");
        Assert.Equal([CameraHealth.Online, CameraHealth.Offline, CameraHealth.Online], health.Seen.Select(change => change.Health));
    }

    private static byte[] MpegTransportStream(string path)
    {
        using var ffmpeg = Process.Start("ffmpeg",
        [
            "-nostdin", "-loglevel", "error", "-t", "20", "-i", TestData.Media("vtest.avi"),
            "-an", "-vf", "scale=320:240", "-c:v", "mpeg2video", "-g", "10", "-q:v", "4", "-f", "mpegts", path,
        ]);
        ffmpeg.WaitForExit();
        Assert.Equal(0, ffmpeg.ExitCode);
        return File.ReadAllBytes(path);
    }
}
