using System.CommandLine;
using EdgeSecurity.Bindings.Serial;
using EdgeSecurity.Modbus;
using EdgeSecurity.Modbus.Profiles;
using Spectre.Console;

namespace EdgeSecurity.Cli.Serial;

/// <summary><c>edgesec serial scan PORT</c>: which slave ids answer on an RS-485 bus, and which profile each one fits.</summary>
public static class SerialCommands
{
    private const int DefaultBaudRate = 9600;
    private const string DefaultIds = "1-32";
    private const string DefaultTimeout = "200ms";

    public static Command Create(GlobalOptions options)
    {
        var messages = options.Messages;
        var port = new Argument<string>("PORT") { Description = messages.PortArgument };
        var baud = new Option<int>("--baud") { Description = messages.BaudOption, DefaultValueFactory = _ => DefaultBaudRate };
        var ids = new Option<string>("--ids") { Description = messages.IdsOption, DefaultValueFactory = _ => DefaultIds };
        var profiles = new Option<string[]>("--profile") { Description = messages.ProfileOption, HelpName = "FILE", AllowMultipleArgumentsPerToken = true };
        var timeout = new Option<string>("--timeout") { Description = messages.TimeoutOption, DefaultValueFactory = _ => DefaultTimeout };
        var scan = new Command("scan", messages.SerialScanCommand) { port, baud, ids, profiles, timeout };
        scan.SetAction((parseResult, cancellationToken) => ScanAsync(
            options.OutputFor(parseResult),
            new ScanRequest(parseResult.GetValue(port)!, parseResult.GetValue(baud), parseResult.GetValue(ids)!, parseResult.GetValue(profiles) ?? [], parseResult.GetValue(timeout)!),
            cancellationToken));
        return new Command("serial", messages.SerialCommand) { scan };
    }

    private static async Task<int> ScanAsync(CliOutput output, ScanRequest request, CancellationToken cancellationToken)
    {
        var messages = output.Messages;
        if (!SerialSettings.SupportedBaudRates.Contains(request.BaudRate))
            return output.Fail(ExitCodes.BadUsage, messages.InvalidBaudRate(request.BaudRate, SerialSettings.SupportedBaudRates.Order()));
        if (SlaveIds.Parse(request.Ids) is not { Count: > 0 } ids)
            return output.Fail(ExitCodes.BadUsage, messages.InvalidIds(request.Ids));
        if (!Durations.TryParse(request.Timeout, out var timeout) || timeout <= TimeSpan.Zero)
            return output.Fail(ExitCodes.BadUsage, messages.InvalidDuration(request.Timeout));

        var directory = ProfileSet.DefaultDirectory();
        var files = request.ProfileFiles.Length > 0 ? request.ProfileFiles : ProfileSet.DefaultFiles(directory);
        if (files.Count == 0)
            return output.Fail(ExitCodes.BadUsage, messages.NoProfilesFound(directory));
        var (profiles, failures) = ProfileSet.Load(files);
        if (failures.Count > 0)
            return output.Fail(ExitCodes.BadUsage, messages.ProfileInvalid(failures[0].File), [.. failures.SelectMany(f => f.Errors).Select(e => e.ToString())]);

        SerialLine line;
        try
        {
            line = SerialLine.Open(request.Port, new SerialSettings { BaudRate = request.BaudRate });
        }
        catch (SerialLineException e)
        {
            return output.Fail(ExitCodes.Unreachable, messages.PortUnreachable(request.Port, e.Message));
        }

        using (line)
        {
            // No retries: a probe that times out means "nobody there", and a scan of 32 ids must stay quick.
            using var master = new ModbusRtuMaster(line, new ModbusMasterOptions { ResponseTimeout = timeout, Retries = 0 });
            try
            {
                var results = await ScanIdsAsync(output, new BusScanner(master, profiles), ids, request, cancellationToken).ConfigureAwait(false);
                return Report(output, request, results);
            }
            catch (SerialLineClosedException e)
            {
                return output.Fail(ExitCodes.Unreachable, messages.PortUnreachable(request.Port, e.Message));
            }
        }
    }

    private static async Task<List<SlaveScan>> ScanIdsAsync(CliOutput output, BusScanner scanner, IReadOnlyList<byte> ids, ScanRequest request, CancellationToken cancellationToken)
    {
        var results = new List<SlaveScan>();
        // A progress bar helps at a terminal only; in a pipe or a log its redraws are noise.
        if (output.Json || !output.ProgressConsole.Profile.Capabilities.Interactive)
        {
            foreach (var id in ids)
                results.Add(await scanner.ScanAsync(id, cancellationToken).ConfigureAwait(false));
            return results;
        }

        await output.ProgressConsole.Progress().AutoClear(true).StartAsync(async context =>
        {
            var task = context.AddTask(Markup.Escape(output.Messages.Probing(request.Port, request.BaudRate)), maxValue: ids.Count);
            foreach (var id in ids)
            {
                task.Description = Markup.Escape(output.Messages.ProbingId(id));
                results.Add(await scanner.ScanAsync(id, cancellationToken).ConfigureAwait(false));
                task.Increment(1);
            }
        }).ConfigureAwait(false);
        return results;
    }

    private static int Report(CliOutput output, ScanRequest request, List<SlaveScan> results)
    {
        var messages = output.Messages;
        var found = results.Where(r => r.Answer != SlaveAnswer.Silent).ToList();
        if (output.Json)
        {
            // An empty list with exit code 1 is the whole answer for a script; a second document would break parsing.
            output.WriteJson(new ScanDocument(request.Port, request.BaudRate, found));
            return found.Count == 0 ? ExitCodes.Failed : ExitCodes.Ok;
        }
        if (found.Count == 0)
            return output.Fail(ExitCodes.Failed, messages.NoDeviceAnswered(request.Port, request.BaudRate));

        var table = new Table().AddColumns(Markup.Escape(messages.SlaveId), Markup.Escape(messages.Answer), Markup.Escape(messages.MatchingProfiles));
        foreach (var slave in found)
        {
            var answer = slave.Answer == SlaveAnswer.Answered ? messages.Answered : messages.AnsweredGarbled;
            var matches = slave.MatchingProfiles.Count == 0 ? messages.NoMatch : string.Join(", ", slave.MatchingProfiles);
            table.AddRow(slave.SlaveId.ToString(messages.Culture), Markup.Escape(answer), Markup.Escape(matches));
        }
        output.Console.Write(table);
        output.Line(messages.FoundDevices(found.Count, request.Port));
        return ExitCodes.Ok;
    }

    private sealed record ScanRequest(string Port, int BaudRate, string Ids, string[] ProfileFiles, string Timeout);

    private sealed record ScanDocument(string Port, int BaudRate, IReadOnlyList<SlaveScan> Devices);
}
