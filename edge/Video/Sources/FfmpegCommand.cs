using System.Globalization;

namespace EdgeSecurity.Video;

/// <summary>The ffmpeg command line that decodes one camera to raw bgr24 frames of the detect size on standard output.</summary>
internal static class FfmpegCommand
{
    public static IReadOnlyList<string> Arguments(CameraSourceOptions options)
    {
        var arguments = new List<string> { "-nostdin", "-hide_banner", "-loglevel", "error" };
        if (options.IsRtsp)
            arguments.AddRange(["-rtsp_transport", "tcp"]);
        if (options.RealTime)
            arguments.Add("-re");
        if (options.Loop)
            arguments.AddRange(["-stream_loop", "-1"]);
        arguments.AddRange(["-i", options.Input]);
        var filter = string.Create(CultureInfo.InvariantCulture, $"scale={options.Width}:{options.Height}");
        if (options.FramesPerSecond is { } fps)
            filter += string.Create(CultureInfo.InvariantCulture, $",fps={fps}");
        arguments.AddRange(["-an", "-vf", filter, "-f", "rawvideo", "-pix_fmt", "bgr24", "pipe:1"]);
        return arguments;
    }
}
