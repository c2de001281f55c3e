using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace EdgeSecurity.Cli.Camera;

/// <summary>Asks ffprobe what a camera sends, and ffmpeg for one decoded frame.</summary>
public static class CameraProbe
{
    /// <summary>Seconds of stream read to find key frames: two key frames of a camera's usual 1–4 s GOP.</summary>
    private const int PacketWindowSeconds = 5;

    public static async Task<(StreamInfo? Info, ProbeFailure? Failure)> ProbeAsync(string url, TimeSpan timeout, CancellationToken cancellationToken)
    {
        string[] arguments = ["-v", "error", .. InputOptions(url), "-select_streams", "v:0",
            "-show_entries", "stream=codec_name,profile,width,height,avg_frame_rate,r_frame_rate:packet=pts_time,flags",
            "-read_intervals", string.Create(CultureInfo.InvariantCulture, $"%+{PacketWindowSeconds}"), "-of", "json", url];
        var (exitCode, output, error, failure) = await RunAsync("ffprobe", arguments, timeout, cancellationToken).ConfigureAwait(false);
        if (failure is not null)
            return (null, failure);
        if (exitCode != 0)
            return (null, Classify(url, error));

        using var document = JsonDocument.Parse(output);
        var root = document.RootElement;
        if (!root.TryGetProperty("streams", out var streams) || streams.GetArrayLength() == 0)
            return (null, new ProbeFailure(ProbeFailureKind.NotVideo, "no video stream"));
        var stream = streams[0];
        var packets = root.TryGetProperty("packets", out var list) ? list.EnumerateArray().ToList() : [];
        var (seconds, frames) = KeyframeInterval(packets);
        return (new StreamInfo(
            stream.GetProperty("codec_name").GetString() ?? "?",
            stream.TryGetProperty("profile", out var profile) ? profile.GetString() : null,
            stream.GetProperty("width").GetInt32(),
            stream.GetProperty("height").GetInt32(),
            Rate(stream, "avg_frame_rate") ?? Rate(stream, "r_frame_rate"),
            seconds,
            frames), null);
    }

    /// <summary>The first frame ffmpeg decodes, as packed bgr24 of the probed size.</summary>
    public static async Task<(byte[]? Pixels, ProbeFailure? Failure)> GrabFrameAsync(string url, int width, int height, TimeSpan timeout, CancellationToken cancellationToken)
    {
        string[] arguments = ["-nostdin", "-v", "error", .. InputOptions(url), "-i", url, "-map", "0:v:0", "-frames:v", "1",
            "-vf", string.Create(CultureInfo.InvariantCulture, $"scale={width}:{height}"), "-f", "rawvideo", "-pix_fmt", "bgr24", "pipe:1"];
        var (exitCode, output, error, failure) = await RunAsync("ffmpeg", arguments, timeout, cancellationToken).ConfigureAwait(false);
        if (failure is not null)
            return (null, failure);
        var pixels = output;
        if (exitCode != 0 || pixels.Length != width * height * 3)
            return (null, exitCode != 0 ? Classify(url, error) : new ProbeFailure(ProbeFailureKind.NotVideo, "no frame could be decoded"));
        return (pixels, null);
    }

    private static string[] InputOptions(string url) =>
        // TCP gets through NAT and firewalls; the socket timeout (microseconds) ends a probe of a silent camera.
        CameraUrl.IsRtsp(url) ? ["-rtsp_transport", "tcp", "-timeout", "5000000"] : [];

    /// <summary>
    /// "Invalid data" means something answered with what is not a video; any other error means it could not be reached.
    /// The detail is ffmpeg's last line without the URL it starts with (the message names the URL, masked).
    /// </summary>
    private static ProbeFailure Classify(string url, string error)
    {
        var last = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "no error text";
        if (last.StartsWith(url + ": ", StringComparison.Ordinal))
            last = last[(url.Length + 2)..];
        last = last.Replace(url, CameraUrl.Masked(url), StringComparison.Ordinal);
        var notVideo = error.Contains("Invalid data found", StringComparison.Ordinal) || error.Contains("does not contain any stream", StringComparison.Ordinal);
        return new ProbeFailure(notVideo ? ProbeFailureKind.NotVideo : ProbeFailureKind.Unreachable, last);
    }

    /// <summary>Median distance between key frames in seconds and in frames; null without two key frames in the window.</summary>
    private static (double? Seconds, int? Frames) KeyframeInterval(List<JsonElement> packets)
    {
        var keyframes = new List<(int Index, double Time)>();
        for (var i = 0; i < packets.Count; i++)
        {
            var packet = packets[i];
            if (packet.TryGetProperty("flags", out var flags) && flags.GetString() is { } f && f.StartsWith('K')
                && packet.TryGetProperty("pts_time", out var pts) && double.TryParse(pts.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var time))
            {
                keyframes.Add((i, time));
            }
        }
        if (keyframes.Count < 2)
            return (null, null);
        var seconds = keyframes.Zip(keyframes.Skip(1), (a, b) => b.Time - a.Time).Order().ToList();
        var frames = keyframes.Zip(keyframes.Skip(1), (a, b) => b.Index - a.Index).Order().ToList();
        return (Math.Round(seconds[seconds.Count / 2], 3), frames[frames.Count / 2]);
    }

    private static double? Rate(JsonElement stream, string name)
    {
        if (!stream.TryGetProperty(name, out var value) || value.GetString() is not { } text)
            return null;
        var parts = text.Split('/');
        if (parts.Length != 2 || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var numerator)
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var denominator) || numerator <= 0 || denominator <= 0)
        {
            return null;
        }
        return Math.Round(numerator / denominator, 3);
    }

    /// <summary>Runs a tool to its end or the timeout (then kills it): exit code, stdout, stderr.</summary>
    private static async Task<(int ExitCode, byte[] Output, string Error, ProbeFailure? Failure)> RunAsync(
        string program, string[] arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Win32Exception)
        {
            return (-1, [], "", new ProbeFailure(ProbeFailureKind.ToolMissing, $"{program} was not found: install the Debian package ffmpeg"));
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var buffer = new MemoryStream();
        var output = process.StandardOutput.BaseStream.CopyToAsync(buffer, CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return (-1, [], "", new ProbeFailure(ProbeFailureKind.Unreachable, string.Create(CultureInfo.InvariantCulture, $"no answer within {timeout.TotalSeconds:0.#} s")));
        }
        await output.ConfigureAwait(false);
        var text = await error.ConfigureAwait(false);
        return (process.ExitCode, buffer.ToArray(), text, null);
    }
}
