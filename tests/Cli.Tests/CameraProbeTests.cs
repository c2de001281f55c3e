using System.Diagnostics;
using EdgeSecurity.Bindings.TurboJpeg;
using EdgeSecurity.Cli.Camera;
using EdgeSecurity.Cli.Tests.Support;

namespace EdgeSecurity.Cli.Tests;

/// <summary>
/// <c>camera probe</c> as the real process against a video file and against a real RTSP server (GStreamer), and its
/// failures: nothing listening, not a video, bad options. ffprobe and ffmpeg are the real ones.
/// </summary>
public sealed class CameraProbeTests(RtspTestServer rtsp, CameraProbeTests.CameraFile file) : IClassFixture<RtspTestServer>, IClassFixture<CameraProbeTests.CameraFile>, IDisposable
{
    private readonly TempDirectory _directory = new("camera-probe");

    [Fact]
    public async Task A_video_file_gives_codec_size_rate_key_frames_and_a_snapshot_as_json()
    {
        var snapshot = _directory.Combine("file.jpg");

        var result = await Edgesec.RunProcessAsync("en_US.UTF-8", "camera", "probe", file.Path, "--snapshot", snapshot, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Json();
        Assert.Equal("h264", json.GetProperty("codec").GetString());
        Assert.Equal((768, 576), (json.GetProperty("width").GetInt32(), json.GetProperty("height").GetInt32()));
        Assert.Equal(10, json.GetProperty("framesPerSecond").GetDouble());
        Assert.Equal(1.0, json.GetProperty("keyframeIntervalSeconds").GetDouble());
        Assert.Equal(10, json.GetProperty("keyframeIntervalFrames").GetInt32());
        Assert.Equal(snapshot, json.GetProperty("snapshot").GetProperty("path").GetString());
        using var decompressor = new JpegDecompressor();
        var image = decompressor.Decompress(File.ReadAllBytes(snapshot), JpegPixelFormat.Bgr);
        Assert.Equal((768, 576), (image.Width, image.Height));
        Assert.True(image.Pixels.Distinct().Count() > 100, "the snapshot is nearly uniform");
    }

    [Fact]
    public async Task An_rtsp_camera_is_described_in_chinese_with_its_snapshot()
    {
        var snapshot = _directory.Combine("rtsp.jpg");

        var result = await Edgesec.RunProcessAsync("zh_CN.UTF-8", "camera", "probe", rtsp.Url, "--snapshot", snapshot);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("编码", result.Output, StringComparison.Ordinal);
        Assert.Contains("h264", result.Output, StringComparison.Ordinal);
        Assert.Contains("640×480", result.Output, StringComparison.Ordinal);
        Assert.Contains("每 1 秒（10 帧）", result.Output, StringComparison.Ordinal);
        Assert.Contains(snapshot, result.Output, StringComparison.Ordinal);
        Assert.Equal((640, 480), (RawImage.Decode(snapshot).Width, RawImage.Decode(snapshot).Height));
    }

    [Theory]
    [InlineData("en", "cannot reach the camera at rtsp://admin:***@127.0.0.1:")]
    [InlineData("zh-CN", "无法连接摄像头 rtsp://admin:***@127.0.0.1:")]
    public async Task A_camera_nobody_answers_for_is_exit_3_without_its_password(string language, string message)
    {
        var url = $"rtsp://admin:secret@127.0.0.1:{FreeTcpPort.Next()}/camera";

        var result = await Edgesec.RunAsync("camera", "probe", url, "--lang", language);

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Contains("Connection refused", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_a_video_is_exit_1_and_a_missing_one_exit_3()
    {
        var text = _directory.Combine("notes.txt");
        File.WriteAllText(text, "not a video");

        var notVideo = await Edgesec.RunAsync("camera", "probe", text, "--lang", "en", "--json");
        var missing = await Edgesec.RunAsync("camera", "probe", _directory.Combine("missing.mp4"), "--lang", "zh-CN");

        Assert.Equal(ExitCodes.Failed, notVideo.ExitCode);
        Assert.Contains("is not a video stream: Invalid data found when processing input", notVideo.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Failed, notVideo.Json().GetProperty("exitCode").GetInt32());
        Assert.Equal(ExitCodes.Unreachable, missing.ExitCode);
        Assert.Contains("No such file or directory", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_options_are_exit_2_before_the_camera_is_asked()
    {
        var timeout = await Edgesec.RunAsync("camera", "probe", file.Path, "--timeout", "soon", "--lang", "en");
        var folder = await Edgesec.RunAsync("camera", "probe", file.Path, "--snapshot", _directory.Combine("no/such/dir/x.jpg"), "--lang", "zh-CN");
        var empty = await Edgesec.RunAsync("camera", "probe", " ", "--lang", "en");

        Assert.Equal((ExitCodes.BadUsage, ExitCodes.BadUsage, ExitCodes.BadUsage), (timeout.ExitCode, folder.ExitCode, empty.ExitCode));
        Assert.Contains("'soon' is not a duration", timeout.Error, StringComparison.Ordinal);
        Assert.Contains("快照所在的目录不存在", folder.Error, StringComparison.Ordinal);
        Assert.Contains("the camera URL is empty", empty.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rtsp://admin:Hik12345@192.168.1.64:554/Streaming/Channels/101", "rtsp://admin:***@192.168.1.64:554/Streaming/Channels/101")]
    [InlineData("rtsp://admin:p@ss:w0rd@192.168.1.64/stream1", "rtsp://admin:***@192.168.1.64/stream1")]
    [InlineData("rtsp://192.168.1.64/stream1", "rtsp://192.168.1.64/stream1")]
    [InlineData("rtsp://192.168.1.64:554", "rtsp://192.168.1.64:554")]
    [InlineData("rtsp://viewer@cam/stream1", "rtsp://viewer@cam/stream1")]
    [InlineData("/var/video/gate.mp4", "/var/video/gate.mp4")]
    public void Passwords_in_camera_urls_are_masked(string url, string shown) => Assert.Equal(shown, CameraUrl.Masked(url));

    public void Dispose() => _directory.Dispose();

    /// <summary>vtest.avi as a camera encodes it: H.264, a key frame every second (10 frames at 10 fps), 6 s.</summary>
    public sealed class CameraFile : IDisposable
    {
        private readonly TempDirectory _directory = new("camera-file");

        public CameraFile()
        {
            Path = _directory.Combine("camera.mp4");
            var info = new ProcessStartInfo("ffmpeg", ["-nostdin", "-loglevel", "error", "-t", "6", "-i", System.IO.Path.Combine(RepositoryLayout.SharedDirectory, "media", "vtest.avi"),
                "-an", "-c:v", "libx264", "-preset", "ultrafast", "-g", "10", "-pix_fmt", "yuv420p", Path]) { UseShellExecute = false };
            using var process = Process.Start(info)!;
            process.WaitForExit();
            Assert.Equal(0, process.ExitCode);
        }

        public string Path { get; }

        public void Dispose() => _directory.Dispose();
    }
}
