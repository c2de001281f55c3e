using System.CommandLine;
using EdgeSecurity.Agent.Cameras;
using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Cli.Camera;
using EdgeSecurity.Cli.Config;
using EdgeSecurity.Video;

namespace EdgeSecurity.Cli.Zones;

/// <summary>
/// <c>edgesec zone draw CAMERA</c> (a snapshot with a coordinate grid, to pick a zone's points) and <c>edgesec zone
/// preview CAMERA</c> (a snapshot with the configured zones drawn), for a camera of the agent's config. They belong to
/// the <c>zone</c> command group; the commands that edit zones live beside them.
/// </summary>
public static class ZoneDrawCommands
{
    private const string DefaultTimeout = "15s";

    public static IEnumerable<Command> Create(GlobalOptions options)
    {
        yield return Build(options, "draw", options.Messages.ZoneDrawCommand, grid: true);
        yield return Build(options, "preview", options.Messages.ZonePreviewCommand, grid: false);
    }

    private static Command Build(GlobalOptions options, string name, string description, bool grid)
    {
        var messages = options.Messages;
        var camera = new Argument<string>("CAMERA") { Description = messages.ZoneCameraArgument };
        var output = new Option<string?>("--out") { Description = messages.ZoneOutOption, HelpName = "FILE.jpg" };
        var config = ConfigCommands.ConfigPathOption(messages.ConfigPathOption);
        var timeout = new Option<string>("--timeout") { Description = messages.CameraTimeoutOption, DefaultValueFactory = _ => DefaultTimeout };
        var command = new Command(name, description) { camera, output, config, timeout };
        command.SetAction((parseResult, cancellationToken) => RunAsync(options.OutputFor(parseResult), grid, parseResult.GetValue(camera)!,
            parseResult.GetValue(output), parseResult.GetValue(config)!, parseResult.GetValue(timeout)!, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliOutput output, bool grid, string cameraId, string? outPath, string configPath, string timeoutText,
        CancellationToken cancellationToken)
    {
        var messages = output.Messages;
        if (!Durations.TryParse(timeoutText, out var timeout) || timeout <= TimeSpan.Zero)
            return output.Fail(ExitCodes.BadUsage, messages.InvalidDuration(timeoutText));
        var loaded = ConfigLoader.Load(configPath);
        if (loaded.Config is null)
            return output.Fail(ExitCodes.BadUsage, messages.ConfigInvalid(configPath, loaded.Errors.Count), [.. loaded.Errors.Select(e => e.ToString())]);
        if (loaded.Config.Cameras.FirstOrDefault(c => c.Id == cameraId) is not { } camera)
            return output.Fail(ExitCodes.BadUsage, messages.UnknownCamera(cameraId, configPath, [.. loaded.Config.Cameras.Select(c => c.Id)]));
        var path = Path.GetFullPath(outPath ?? $"{(grid ? "grid" : "zones")}-{camera.Id}.jpg");
        if (Path.GetDirectoryName(path) is { } folder && !Directory.Exists(folder))
            return output.Fail(ExitCodes.BadUsage, messages.SnapshotFolderMissing(folder));

        var (pixels, failure) = await ZoneImages.GrabAsync(camera, timeout, cancellationToken).ConfigureAwait(false);
        if (pixels is null)
            return CameraCommands.Fail(output, CameraUrl.Masked(camera.Source), failure!);

        byte[] jpeg;
        int? step = null;
        try
        {
            if (grid)
                (jpeg, step) = ZoneImages.WithGrid(pixels, camera);
            else
                jpeg = ZoneImages.WithZones(pixels, camera);
            await File.WriteAllBytesAsync(path, jpeg, cancellationToken).ConfigureAwait(false);
        }
        catch (DllNotFoundException e)
        {
            return output.Fail(ExitCodes.Failed, messages.SnapshotFailed(e.Message));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return output.Fail(ExitCodes.BadUsage, messages.SnapshotNotWritten(path, e.Message));
        }

        if (output.Json)
        {
            output.WriteJson(new ZoneImageDocument(camera.Id, path, camera.Width, camera.Height, jpeg.Length, step, grid ? null : [.. camera.Zones.Select(z => z.Name)]));
            return ExitCodes.Ok;
        }
        output.Line(grid
            ? messages.ZoneGridWritten(camera.Id, path, camera.Width, camera.Height, step!.Value)
            : messages.ZonePreviewWritten(camera.Id, path, camera.Width, camera.Height, camera.Zones.Count));
        return ExitCodes.Ok;
    }

    private sealed record ZoneImageDocument(string Camera, string Path, int Width, int Height, int Bytes, int? GridStep, IReadOnlyList<string>? Zones);
}
