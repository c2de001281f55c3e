using System.Diagnostics;

namespace EdgeSecurity.Video.Tests;

public sealed class FileCameraSourceTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Reads_frames_of_the_file_at_the_detect_size()
    {
        await using var camera = new CameraSource(Options(640, 480));
        camera.Start();

        var frames = new List<byte[]>();
        await FrameReader.ForEachAsync(camera, 30, Timeout, frame =>
        {
            Assert.Equal((640, 480, 640 * 3), (frame.Frame.Width, frame.Frame.Height, frame.Frame.Stride));
            Assert.Equal(PixelFormat.Bgr24, frame.Frame.Format);
            frames.Add(frame.Frame.Pixels.ToArray());
        });

        Assert.All(frames, pixels => Assert.Equal(640 * 480 * 3, pixels.Length));
        // A real picture, not a blank frame, and people walk: the last frame differs from the first.
        Assert.True(frames[0].Distinct().Count() > 100, "the first frame is nearly uniform");
        var changedBytes = frames[0].Zip(frames[^1]).Count(pair => Math.Abs(pair.First - pair.Second) > 20);
        Assert.InRange(changedBytes, 1000, frames[0].Length / 2);
        Assert.Equal(CameraHealth.Online, camera.Health);
    }

    [Fact]
    public async Task A_looped_file_delivers_more_frames_than_it_has()
    {
        const int framesInFile = 795;
        await using var camera = new CameraSource(Options(160, 120) with { Loop = true });
        var health = new HealthRecorder(camera);
        camera.Start();

        await FrameReader.UntilAsync(camera, "a frame of the second pass", Timeout, frame => frame.Sequence > framesInFile + 50);

        Assert.Equal(1, camera.Attempts);
        Assert.DoesNotContain(health.Seen, change => change.Health == CameraHealth.Offline);
    }

    [Fact]
    public async Task A_file_that_ends_goes_offline_and_is_started_again()
    {
        await using var camera = new CameraSource(Options(160, 120) with { InitialBackoff = TimeSpan.FromMilliseconds(100) });
        var health = new HealthRecorder(camera);
        camera.Start();

        await health.NextAsync(CameraHealth.Online, Timeout);
        var ended = await health.NextAsync(CameraHealth.Offline, Timeout);
        await health.NextAsync(CameraHealth.Online, Timeout);

        Assert.Equal("the stream ended", ended.Reason);
        Assert.True(camera.Attempts >= 2, $"{camera.Attempts} ffmpeg start(s)");
    }

    [Fact]
    public async Task Disposing_the_camera_stops_its_ffmpeg()
    {
        await using var camera = new CameraSource(Options(160, 120) with { Loop = true, RealTime = true });
        var health = new HealthRecorder(camera);
        camera.Start();
        await health.NextAsync(CameraHealth.Online, Timeout);
        var ffmpeg = camera.FfmpegProcessId ?? throw new InvalidOperationException("no ffmpeg while online");
        Assert.True(Directory.Exists($"/proc/{ffmpeg}"), "ffmpeg is not running");

        await camera.DisposeAsync();

        Assert.False(Directory.Exists($"/proc/{ffmpeg}"), $"ffmpeg {ffmpeg} still runs after dispose");
    }

    [Fact]
    public async Task A_missing_file_is_offline_with_ffmpegs_reason_and_is_retried_with_backoff()
    {
        await using var camera = new CameraSource(Options(160, 120) with
        {
            Input = "/nonexistent/camera.avi",
            InitialBackoff = TimeSpan.FromMilliseconds(100),
            MaximumBackoff = TimeSpan.FromMilliseconds(400),
        });
        var health = new HealthRecorder(camera);
        var started = Stopwatch.StartNew();
        camera.Start();

        var offline = await health.NextAsync(CameraHealth.Offline, Timeout);
        Assert.Contains("No such file or directory", offline.Reason, StringComparison.Ordinal);
        await Testing.Poll.UntilAsync(() => Task.FromResult(camera.Attempts), attempts => attempts >= 4, "four ffmpeg starts", Timeout);

        // Waits of 100, 200 and 400 ms came between the four starts.
        Assert.True(started.Elapsed >= TimeSpan.FromMilliseconds(700), $"four starts after {started.ElapsedMilliseconds} ms: no backoff");
        Assert.Equal(CameraHealth.Offline, camera.Health);
        Assert.Single(health.Seen);
    }

    [Fact]
    public async Task Without_ffmpeg_the_camera_says_so_in_one_sentence()
    {
        await using var camera = new CameraSource(Options(160, 120) with { FfmpegPath = "/nonexistent/ffmpeg" });
        var health = new HealthRecorder(camera);
        camera.Start();

        var offline = await health.NextAsync(CameraHealth.Offline, Timeout);

        Assert.Equal("ffmpeg was not found: install the Debian package ffmpeg", offline.Reason);
    }

    private static CameraSourceOptions Options(int width, int height) => new()
    {
        Name = "vtest",
        Input = TestData.Media("vtest.avi"),
        Width = width,
        Height = height,
    };
}
