using System.CommandLine;
using System.Text.Json;
using EdgeSecurity.Agent.Commissioning;
using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Cli.Camera;
using EdgeSecurity.Cli.Config;
using EdgeSecurity.Cli.Zones;
using Spectre.Console;

namespace EdgeSecurity.Cli.Report;

/// <summary>
/// <c>edgesec report</c>: the commissioning report from the agent's config, the results the agent kept in
/// <c>commissioning.json</c> (walk test, test alarm) and a fresh snapshot of each camera with its zones.
/// </summary>
public static class ReportCommand
{
    private const string DefaultOut = "report.html";
    private const string DefaultTimeout = "15s";

    public static Command Create(GlobalOptions options)
    {
        var messages = options.Messages;
        var output = new Option<string>("--out") { Description = messages.ReportOutOption, HelpName = "FILE.html", DefaultValueFactory = _ => DefaultOut };
        var config = ConfigCommands.ConfigPathOption(messages.ConfigPathOption);
        var timeout = new Option<string>("--timeout") { Description = messages.CameraTimeoutOption, DefaultValueFactory = _ => DefaultTimeout };
        var command = new Command("report", messages.ReportCommand) { output, config, timeout };
        command.SetAction((parseResult, cancellationToken) => RunAsync(options.OutputFor(parseResult), parseResult.GetValue(output)!,
            parseResult.GetValue(config)!, parseResult.GetValue(timeout)!, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliOutput output, string outPath, string configPath, string timeoutText, CancellationToken cancellationToken)
    {
        var messages = output.Messages;
        if (!Durations.TryParse(timeoutText, out var timeout) || timeout <= TimeSpan.Zero)
            return output.Fail(ExitCodes.BadUsage, messages.InvalidDuration(timeoutText));
        var path = Path.GetFullPath(outPath);
        if (Path.GetDirectoryName(path) is { } folder && !Directory.Exists(folder))
            return output.Fail(ExitCodes.BadUsage, messages.ReportFolderMissing(folder));
        var loaded = ConfigLoader.Load(configPath);
        if (loaded.Config is not { } config)
            return output.Fail(ExitCodes.BadUsage, messages.ConfigInvalid(configPath, loaded.Errors.Count), [.. loaded.Errors.Select(e => e.ToString())]);

        var record = ReadRecord(output, config);
        var devices = DeviceRows.Of(config, record, messages);
        var snapshots = new List<CameraSnapshot>();
        foreach (var camera in config.Cameras)
        {
            if (!output.Json)
                output.ProgressConsole.WriteLine(messages.ReportTakingSnapshot(camera.Id));
            var (pixels, failure) = await ZoneImages.GrabAsync(camera, timeout, cancellationToken).ConfigureAwait(false);
            snapshots.Add(pixels is null
                ? new CameraSnapshot(camera.Id, camera.Name, null, CameraUrl.Masked(camera.Source) + ": " + failure!.Detail)
                : new CameraSnapshot(camera.Id, camera.Name, ZoneImages.WithZones(pixels, camera), null));
        }

        var html = CommissioningReport.Render(config, record, devices, snapshots, DateTimeOffset.Now, messages);
        try
        {
            var temporary = path + ".tmp";
            await File.WriteAllTextAsync(temporary, html, cancellationToken).ConfigureAwait(false);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return output.Fail(ExitCodes.BadUsage, messages.ReportNotWritten(path, e.Message));
        }

        var untested = devices.Count(d => d.Fired is null);
        if (output.Json)
        {
            output.WriteJson(new ReportDocument(path, config.Gateway.Id,
                [.. devices.Select(d => new ReportDeviceDocument(d.Id, d.Kind, d.Fired is not null, d.Fired?.FiredAt, d.Fired?.What))],
                record?.TestAlarm, [.. snapshots.Select(s => new ReportCameraDocument(s.CameraId, s.Jpeg is not null, s.Problem))]));
            return ExitCodes.Ok;
        }
        output.Line(messages.ReportWritten(path, devices.Count, untested, record?.TestAlarm?.Confirmed == true));
        return ExitCodes.Ok;
    }

    /// <summary>No results yet, or a file that cannot be read: the report shows every device as not tested.</summary>
    private static CommissioningRecord? ReadRecord(CliOutput output, AgentConfig config)
    {
        var file = CommissioningStore.PathIn(config.DataDirectory);
        try
        {
            return CommissioningStore.Load(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            output.ProgressConsole.WriteLine(output.Messages.ReportResultsUnreadable(file, e.Message));
            return null;
        }
    }

    private sealed record ReportDeviceDocument(string Id, string Kind, bool Tested, DateTimeOffset? FiredAt, string? What);

    private sealed record ReportCameraDocument(string Id, bool Snapshot, string? Problem);

    private sealed record ReportDocument(string Path, string Gateway, IReadOnlyList<ReportDeviceDocument> Devices, TestAlarmResult? TestAlarm,
        IReadOnlyList<ReportCameraDocument> Cameras);
}
