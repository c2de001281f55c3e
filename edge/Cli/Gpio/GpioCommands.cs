using System.CommandLine;
using System.Globalization;
using EdgeSecurity.Bindings.Gpiod;

namespace EdgeSecurity.Cli.Gpio;

/// <summary><c>edgesec gpio watch LINE</c>: a line's state live, so an installer can see a door contact work.</summary>
public static class GpioCommands
{
    private const string DefaultChip = "gpiochip0";

    private static readonly Dictionary<string, GpioBias> Biases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["as-is"] = GpioBias.AsIs,
        ["disabled"] = GpioBias.Disabled,
        ["pull-up"] = GpioBias.PullUp,
        ["pull-down"] = GpioBias.PullDown,
    };

    public static Command Create(GlobalOptions options)
    {
        var messages = options.Messages;
        var line = new Argument<string>("LINE") { Description = messages.LineArgument };
        var chip = new Option<string>("--chip") { Description = messages.ChipOption, DefaultValueFactory = _ => DefaultChip };
        var bias = new Option<string>("--bias") { Description = messages.BiasOption, DefaultValueFactory = _ => "as-is" };
        var activeLow = new Option<bool>("--active-low") { Description = messages.ActiveLowOption };
        var debounce = new Option<string>("--debounce") { Description = messages.DebounceOption, DefaultValueFactory = _ => "0ms" };
        var simulated = new Option<bool>("--simulated") { Description = messages.SimulatedOption };
        var watch = new Command("watch", messages.GpioWatchCommand) { line, chip, bias, activeLow, debounce, simulated };
        watch.SetAction((parseResult, cancellationToken) => WatchAsync(
            options.OutputFor(parseResult),
            new WatchRequest(parseResult.GetValue(line)!, parseResult.GetValue(chip)!, parseResult.GetValue(bias)!, parseResult.GetValue(activeLow),
                parseResult.GetValue(debounce)!, parseResult.GetValue(simulated)),
            cancellationToken));
        return new Command("gpio", messages.GpioCommand) { watch };
    }

    private static async Task<int> WatchAsync(CliOutput output, WatchRequest request, CancellationToken cancellationToken)
    {
        var messages = output.Messages;
        if (!Biases.TryGetValue(request.Bias, out var bias))
            return output.Fail(ExitCodes.BadUsage, messages.InvalidBias(request.Bias));
        if (!Durations.TryParse(request.Debounce, out var debounce))
            return output.Fail(ExitCodes.BadUsage, messages.InvalidDuration(request.Debounce));
        var address = int.TryParse(request.Line, NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            ? GpioLineAddress.OnChip(request.Chip, offset)
            : GpioLineAddress.OnChip(request.Chip, request.Line);
        var lineOptions = new GpioInputOptions { Bias = bias, ActiveLow = request.ActiveLow, Debounce = debounce, Consumer = CliApp.Name };
        var name = $"{request.Chip}:{request.Line}";

        IGpioInputLine line;
        try
        {
            IGpioLines lines = request.Simulated ? SimulatedChip(request) : new LibgpiodLines();
            line = lines.OpenInput(address, lineOptions);
        }
        catch (Exception e) when (e is GpioException or DllNotFoundException)
        {
            return output.Fail(ExitCodes.Unreachable, messages.GpioUnavailable(e.Message));
        }

        using (line)
        {
            var initial = line.ReadValue();
            if (request.Simulated || output.Json)
            {
                // Nothing drives a simulated line, and a JSON caller wants one document: the current value is the answer.
                if (output.Json)
                    output.WriteJson(new LineDocument(name, initial, request.Simulated));
                output.Line(messages.GpioInitial(name, initial));
                if (request.Simulated)
                    output.Line(messages.GpioSimulatedNote);
                return ExitCodes.Ok;
            }

            output.Line(messages.GpioInitial(name, initial));
            output.Line(messages.GpioWatching);
            return await PrintEdgesAsync(output, line, name, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<int> PrintEdgesAsync(CliOutput output, IGpioInputLine line, string name, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var edge in line.ReadEdgesAsync(cancellationToken).ConfigureAwait(false))
                output.Line(output.Messages.GpioEdge(GpioClock.ToWallClock(edge.Timestamp, TimeProvider.System).ToLocalTime(), name, edge.Value));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            if (line.DroppedEdges > 0)
                output.Line(output.Messages.GpioDroppedEdges(line.DroppedEdges));
            output.Line(output.Messages.Cancelled);
            return ExitCodes.Ok;
        }
        catch (GpioException e)
        {
            return output.Fail(ExitCodes.Unreachable, output.Messages.GpioUnavailable(e.Message));
        }
        return ExitCodes.Ok;
    }

    /// <summary>A chip of the requested name holding the requested line, all levels low: a dry run of the options.</summary>
    private static SimulatedLines SimulatedChip(WatchRequest request)
    {
        const int LineCount = 64;
        var lines = new SimulatedLines();
        var isOffset = int.TryParse(request.Line, NumberStyles.None, CultureInfo.InvariantCulture, out _);
        lines.AddChip(Path.GetFileName(request.Chip), LineCount, lineNames: isOffset ? null : new Dictionary<int, string> { [0] = request.Line });
        return lines;
    }

    private sealed record WatchRequest(string Line, string Chip, string Bias, bool ActiveLow, string Debounce, bool Simulated);

    private sealed record LineDocument(string Line, bool Value, bool Simulated);
}
