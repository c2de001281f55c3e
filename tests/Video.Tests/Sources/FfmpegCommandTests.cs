namespace EdgeSecurity.Video.Tests;

public sealed class FfmpegCommandTests
{
    [Fact]
    public void An_rtsp_camera_is_read_over_tcp_and_scaled_to_the_detect_size_and_rate()
    {
        var arguments = FfmpegCommand.Arguments(new CameraSourceOptions { Name = "gate", Input = "rtsp://10.0.0.5/stream1", Width = 640, Height = 360, FramesPerSecond = 5 });

        Assert.Equal(
            ["-nostdin", "-hide_banner", "-loglevel", "error", "-rtsp_transport", "tcp", "-i", "rtsp://10.0.0.5/stream1",
             "-an", "-vf", "scale=640:360,fps=5", "-f", "rawvideo", "-pix_fmt", "bgr24", "pipe:1"],
            arguments);
    }

    [Fact]
    public void A_demo_file_is_paced_and_looped()
    {
        var arguments = FfmpegCommand.Arguments(new CameraSourceOptions { Name = "demo", Input = "/media/vtest.avi", Loop = true, RealTime = true });

        Assert.Equal(["-re", "-stream_loop", "-1", "-i", "/media/vtest.avi"], arguments.Skip(4).Take(5));
        Assert.DoesNotContain("-rtsp_transport", arguments);
        Assert.Contains("scale=640:360", arguments);
    }
}
