using System.CommandLine;
using System.Globalization;
using EdgeSecurity.Bindings.TurboJpeg;
using Spectre.Console;

namespace EdgeSecurity.Cli.Camera;

/// <summary><c>edgesec camera probe URL</c>: what a camera sends (codec, size, rate, key frames) and a snapshot to look at.</summary>
public static class CameraCommands
{
    private const string DefaultTimeout = "15s";
    private const int SnapshotQuality = 90;

    public static Command Create(GlobalOptions options)
    {
        var messages = options.Messages;
        var url = new Argument<string>("URL") { Description = messages.CameraUrlArgument };
        var snapshot = new Option<string?>("--snapshot") { Description = messages.SnapshotOption, HelpName = "FILE.jpg" };
        var timeout = new Option<string>("--timeout") { Description = messages.CameraTimeoutOption, DefaultValueFactory = _ => DefaultTimeout };
        var probe = new Command("probe", messages.CameraProbeCommand) { url, snapshot, timeout };
        probe.SetAction((parseResult, cancellationToken) => ProbeAsync(
            options.OutputFor(parseResult), parseResult.GetValue(url)!, parseResult.GetValue(snapshot), parseResult.GetValue(timeout)!, cancellationToken));
        return new Command("camera", messages.CameraCommand) { probe };
    }

    private static async Task<int> ProbeAsync(CliOutput output, string url, string? snapshotPath, string timeoutText, CancellationToken cancellationToken)
    {
        var messages = output.Messages;
        if (string.IsNullOrWhiteSpace(url))
            return output.Fail(ExitCodes.BadUsage, messages.EmptyCameraUrl);
        if (!Durations.TryParse(timeoutText, out var timeout) || timeout <= TimeSpan.Zero)
            return output.Fail(ExitCodes.BadUsage, messages.InvalidDuration(timeoutText));
        var shown = CameraUrl.Masked(url);
        if (snapshotPath is not null && Path.GetDirectoryName(Path.GetFullPath(snapshotPath)) is { } folder && !Directory.Exists(folder))
            return output.Fail(ExitCodes.BadUsage, messages.SnapshotFolderMissing(folder));

        var (info, failure) = await CameraProbe.ProbeAsync(url, timeout, cancellationToken).ConfigureAwait(false);
        if (info is null)
            return Fail(output, shown, failure!);

        SnapshotDocument? snapshot = null;
        if (snapshotPath is not null)
        {
            var (pixels, grabFailure) = await CameraProbe.GrabFrameAsync(url, info.Width, info.Height, timeout, cancellationToken).ConfigureAwait(false);
            if (pixels is null)
                return Fail(output, shown, grabFailure!);
            try
            {
                using var compressor = new JpegCompressor();
                var jpeg = compressor.Compress(pixels, info.Width, info.Height, JpegPixelFormat.Bgr, SnapshotQuality);
                await File.WriteAllBytesAsync(snapshotPath, jpeg, cancellationToken).ConfigureAwait(false);
                snapshot = new SnapshotDocument(Path.GetFullPath(snapshotPath), info.Width, info.Height, jpeg.Length);
            }
            catch (DllNotFoundException e)
            {
                return output.Fail(ExitCodes.Failed, messages.SnapshotFailed(e.Message));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return output.Fail(ExitCodes.BadUsage, messages.SnapshotNotWritten(snapshotPath, e.Message));
            }
        }

        if (output.Json)
        {
            output.WriteJson(new ProbeDocument(shown, info.Codec, info.Profile, info.Width, info.Height, info.FramesPerSecond,
                info.KeyframeIntervalSeconds, info.KeyframeIntervalFrames, snapshot));
            return ExitCodes.Ok;
        }
        var grid = new Grid().AddColumn().AddColumn();
        void Row(string name, string value) => grid.AddRow(Markup.Escape(name), Markup.Escape(value));
        Row(messages.Camera, shown);
        Row(messages.Codec, info.Profile is null ? info.Codec : $"{info.Codec} ({info.Profile})");
        Row(messages.Resolution, string.Create(CultureInfo.InvariantCulture, $"{info.Width}×{info.Height}"));
        Row(messages.FrameRate, info.FramesPerSecond is { } fps ? messages.FramesPerSecond(fps) : messages.Unknown);
        Row(messages.KeyframeInterval, info.KeyframeIntervalSeconds is { } seconds ? messages.KeyframeEvery(seconds, info.KeyframeIntervalFrames ?? 0) : messages.KeyframeNotSeen(5));
        if (snapshot is not null)
            Row(messages.Snapshot, messages.SnapshotWritten(snapshot.Path, snapshot.Width, snapshot.Height, snapshot.Bytes));
        output.Console.Write(grid);
        return ExitCodes.Ok;
    }

    internal static int Fail(CliOutput output, string url, ProbeFailure failure) => failure.Kind switch
    {
        ProbeFailureKind.NotVideo => output.Fail(ExitCodes.Failed, output.Messages.NotAVideo(url, failure.Detail)),
        ProbeFailureKind.ToolMissing => output.Fail(ExitCodes.Unreachable, failure.Detail),
        _ => output.Fail(ExitCodes.Unreachable, output.Messages.CameraUnreachable(url, failure.Detail)),
    };

    private sealed record SnapshotDocument(string Path, int Width, int Height, int Bytes);

    private sealed record ProbeDocument(string Url, string Codec, string? Profile, int Width, int Height, double? FramesPerSecond,
        double? KeyframeIntervalSeconds, int? KeyframeIntervalFrames, SnapshotDocument? Snapshot);
}
