using System.Collections.Concurrent;
using System.Diagnostics;

namespace EdgeSecurity.Video.Tests;

/// <summary>
/// Short clips made with ffmpeg in a temp directory (a cut of vtest.avi, a still photo repeated as video) and one pass
/// of such a clip through the whole pipeline: ffmpeg file camera, motion, the real detector, tracker, zones, rules.
/// </summary>
internal sealed class ClipReplay : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private const int FramesPerSecond = 5;
    private readonly TempDirectory _directory = new("clip-replay");

    /// <summary>The first seconds of a video, stream-copied (no re-encode).</summary>
    public string Cut(string media, double seconds) =>
        Ffmpeg("cut.avi", ["-t", Seconds(seconds), "-i", TestData.Media(media), "-c", "copy"]);

    /// <summary>
    /// A photo repeated as a video of the given length: its JPEG copied into every frame of an MJPEG AVI, so each frame
    /// decodes to exactly the photo (what a camera watching a still scene sends, minus sensor noise).
    /// </summary>
    public string Still(string media, double seconds) =>
        Ffmpeg(Path.ChangeExtension(media, ".avi"), ["-loop", "1", "-framerate", "5", "-i", TestData.Media(media), "-t", Seconds(seconds), "-c", "copy"]);

    /// <summary>
    /// Plays the clip once, unpaced but with no frame skipped (the camera waits for the detector), and returns every
    /// alert once the clip has ended and its last frame has left the detector.
    /// </summary>
    /// <param name="refresh">The whole-frame detection interval: still scenes have no motion, so this is how often they are looked at.</param>
    public static async Task<IReadOnlyList<CameraAlert>> PlayOnceAsync(
        string clip, int width, int height, InferenceScheduler scheduler, ZoneDefinition[] zones, RuleDefinition[] rules, TimeSpan? refresh = null, bool captureAlertFrames = false)
    {
        const string Camera = "cam-replay";
        var source = new CameraSource(new CameraSourceOptions
        {
            Name = Camera, Input = clip, Width = width, Height = height, FramesPerSecond = FramesPerSecond, InitialBackoff = TimeSpan.FromSeconds(30),
        });
        var ended = new HealthRecorder(source);
        var lane = scheduler.AddLane(Camera);
        var options = new CameraPipelineOptions
        {
            Camera = Camera, DetectFramesPerSecond = FramesPerSecond, StreamFramesPerSecond = FramesPerSecond, WaitForDetector = true,
            RefreshInterval = refresh ?? TimeSpan.FromSeconds(5), CaptureAlertFrames = captureAlertFrames,
        };
        var cameraRules = CameraRules.Create(Camera, rules, CameraZones.Create(Camera, zones, width, height), scheduler.Detector.Labels);
        var alerts = new ConcurrentQueue<CameraAlert>();
        await using (var pipeline = new CameraPipeline(options, source, lane, cameraRules, alerts.Enqueue))
        {
            pipeline.Start();
            // The reader reports the end of the file after handing over its last frame; that frame may still be with the detector.
            var end = await ended.NextAsync(CameraHealth.Offline, Timeout);
            Assert.Equal("the stream ended", end.Reason);
            await Poll.UntilAsync(() => Task.FromResult(lane.Statistics), s => s.Submitted == s.Completed + s.Failed + s.Skipped, "the last frame through the detector", Timeout);
            Assert.True(lane.Statistics is { Completed: > 0, Failed: 0 }, lane.Statistics.ToString());
            Assert.Equal(0, pipeline.RuleFailures);
        }
        return [.. alerts];
    }

    public void Dispose() => _directory.Dispose();

    private string Ffmpeg(string output, string[] arguments)
    {
        var path = _directory.Combine(output);
        var info = new ProcessStartInfo("ffmpeg", ["-nostdin", "-loglevel", "error", "-y", .. arguments, path]) { UseShellExecute = false, RedirectStandardError = true };
        using var ffmpeg = Process.Start(info)!;
        var error = ffmpeg.StandardError.ReadToEnd();
        ffmpeg.WaitForExit();
        Assert.True(ffmpeg.ExitCode == 0, $"ffmpeg could not make {output}: {error}");
        return path;
    }

    private static string Seconds(double seconds) => seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
