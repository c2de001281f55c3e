using System.Diagnostics;
using System.Globalization;
using EdgeSecurity.Contract;
using EdgeSecurity.Testing;

namespace EdgeSecurity.Video.Tests.Evidence;

/// <summary>
/// Rolling segments from a camera-like H.264 stream (vtest.avi encoded with a 1 s GOP, read at its own speed) and a
/// clip cut around an alert, checked with ffprobe.
/// </summary>
public sealed class ClipRecorderTests(ClipRecorderTests.CameraVideo video) : IClassFixture<ClipRecorderTests.CameraVideo>, IDisposable
{
    private readonly TempDirectory _data = new("clips");

    [Fact]
    public async Task A_clip_around_the_alert_is_an_h264_mp4_of_the_window_copied_from_the_segments()
    {
        var store = Store();
        await using var recorder = new ClipRecorder(Options(video.Path), store);
        recorder.Start();
        await Poll.UntilAsync(() => Task.FromResult(recorder.Segments.Count), count => count >= 3, "three recorded segments");

        var alertAt = DateTimeOffset.UtcNow - TimeSpan.FromSeconds(0.5);
        var clip = await recorder.CaptureAsync(alertAt, EvidenceRetention.Alert);

        Assert.NotNull(clip);
        Assert.Equal(EvidenceKind.Clip, clip.Kind);
        var item = store.Find(clip.Uri);
        Assert.NotNull(item);
        Assert.Equal((EvidenceFileKind.Clip, EvidenceRetention.Alert), (item.Kind, item.Retention));
        var (codec, width, height, duration) = Probe(item.Path);
        Assert.Equal(("h264", 768, 576), (codec, width, height));
        // 2 s before and 2 s after; a copy starts on the key frame at or before the start (GOP 1 s).
        Assert.InRange(duration, 3.6, 5.2);
        Assert.Null(recorder.LastError);
    }

    [Fact]
    public async Task A_camera_that_cannot_be_read_gives_no_clip_and_says_why()
    {
        await using var recorder = new ClipRecorder(Options(Path.Combine(_data.Path, "missing.mp4")) with { RestartDelay = TimeSpan.FromMilliseconds(300) }, Store());
        recorder.Start();

        var clip = await recorder.CaptureAsync(DateTimeOffset.UtcNow, EvidenceRetention.Alert);

        Assert.Null(clip);
        Assert.Contains("No such file or directory", recorder.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_that_ends_is_recorded_again_as_a_new_run_and_a_clip_takes_one_run_only()
    {
        var store = Store();
        await using var recorder = new ClipRecorder(Options(video.ShortPath) with { RestartDelay = TimeSpan.FromMilliseconds(200) }, store);
        recorder.Start();

        var segments = await Poll.UntilAsync(() => Task.FromResult(recorder.Segments), s => s.Select(x => x.Run).Distinct().Count() >= 2, "segments of two ffmpeg runs");
        var clip = await recorder.CaptureAsync(segments.First(s => s.Run == 1).Start, EvidenceRetention.Routine);

        Assert.Equal("the stream ended", recorder.LastError);
        Assert.NotNull(clip);
        // The window is 2 s before and 2 s after the second run's start: only the second run's 2 s are in the clip.
        Assert.InRange(Probe(store.Find(clip.Uri)!.Path).Duration, 1.5, 3.0);
        Assert.Throws<InvalidOperationException>(recorder.Start);
    }

    [Fact]
    public void A_bad_camera_name_or_a_buffer_too_short_for_the_window_is_refused()
    {
        var store = Store();

        Assert.Throws<ArgumentException>(() => new ClipRecorder(Options(video.Path) with { Name = "../gate" }, store));
        Assert.Throws<ArgumentException>(() => new ClipRecorder(Options(video.Path) with { Before = TimeSpan.FromSeconds(30) }, store));
    }

    [Fact]
    public void The_concat_list_starts_and_ends_inside_the_first_and_last_segment()
    {
        var t0 = new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);
        RecordedSegment[] segments = [new("/s/segment-001.mkv", t0, t0.AddSeconds(2), 0), new("/s/it's.mkv", t0.AddSeconds(2), t0.AddSeconds(4), 0)];

        var list = ClipRecorder.ConcatList(segments, t0.AddSeconds(0.5), t0.AddSeconds(3.25));

        Assert.Equal("ffconcat version 1.0\nfile '/s/segment-001.mkv'\ninpoint 0.5\nfile '/s/it'\\''s.mkv'\noutpoint 1.25\n", list);
    }

    [Fact]
    public void Segments_are_copied_not_re_encoded_and_rtsp_is_read_over_tcp_with_a_timeout()
    {
        var arguments = ClipRecorder.RecordArguments(Options("rtsp://10.0.0.5/stream1"), "/d");

        Assert.Equal(["-rtsp_transport", "tcp", "-timeout", "10000000", "-i", "rtsp://10.0.0.5/stream1", "-map", "0:v:0", "-c", "copy", "-f", "segment"],
            arguments.Skip(4).Take(12));
        Assert.DoesNotContain("-re", arguments);
    }

    public void Dispose() => _data.Dispose();

    private EvidenceStore Store() => EvidenceStore.Open(new EvidenceStoreOptions { DataDirectory = _data.Combine("data"), GatewayId = "gw-test-01" });

    private static ClipRecorderOptions Options(string input) => new()
    {
        Name = "cam-gate",
        Input = input,
        RealTime = true,
        Before = TimeSpan.FromSeconds(2),
        After = TimeSpan.FromSeconds(2),
        SegmentLength = TimeSpan.FromSeconds(1),
        Buffer = TimeSpan.FromSeconds(10),
        RestartDelay = TimeSpan.FromSeconds(1),
    };

    private static (string Codec, int Width, int Height, double Duration) Probe(string path)
    {
        var info = new ProcessStartInfo("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height:format=duration", "-of", "default=noprint_wrappers=1", path])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info)!;
        var fields = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=')).ToDictionary(p => p[0], p => p[1]);
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return (fields["codec_name"], int.Parse(fields["width"], CultureInfo.InvariantCulture), int.Parse(fields["height"], CultureInfo.InvariantCulture),
            double.Parse(fields["duration"], CultureInfo.InvariantCulture));
    }

    /// <summary>vtest.avi as a camera would send it: H.264, a key frame every second (10 frames at 10 fps), 20 s.</summary>
    public sealed class CameraVideo : IDisposable
    {
        private readonly TempDirectory _directory = new("camera-video");

        public CameraVideo()
        {
            Path = _directory.Combine("camera.mp4");
            var info = new ProcessStartInfo("ffmpeg", ["-nostdin", "-loglevel", "error", "-t", "20", "-i", TestData.Media("vtest.avi"),
                "-an", "-c:v", "libx264", "-preset", "ultrafast", "-g", "10", "-pix_fmt", "yuv420p", Path]) { UseShellExecute = false };
            using var process = Process.Start(info)!;
            process.WaitForExit();
            Assert.Equal(0, process.ExitCode);
            ShortPath = _directory.Combine("short.mp4");
            using var cut = Process.Start(new ProcessStartInfo("ffmpeg", ["-nostdin", "-loglevel", "error", "-t", "2.5", "-i", Path, "-c", "copy", ShortPath]) { UseShellExecute = false })!;
            cut.WaitForExit();
            Assert.Equal(0, cut.ExitCode);
        }

        public string Path { get; }

        /// <summary>The first 2.5 s: a camera whose stream keeps ending.</summary>
        public string ShortPath { get; }

        public void Dispose() => _directory.Dispose();
    }
}
