// On-site check of a GPIO input through the agent's own binding (libgpiod backend).
//   dotnet run watch-line.cs                                  lists the chips and their lines
//   dotnet run watch-line.cs gpiochip0 17 pull-up active-low 20ms
// prints the line's value, then every debounced edge with its wall-clock time, until Ctrl+C.
// A gateway has the runtime but no SDK: publish on a workstation (see README.md) and run the dll there.
#:project ../../edge/Bindings/Gpiod/EdgeSecurity.Bindings.Gpiod.csproj
#:property PublishAot=false
using System.Globalization;
using EdgeSecurity.Bindings.Gpiod;

var lines = new LibgpiodLines();
if (args.Length < 2)
{
    var chips = lines.GetChips();
    if (chips.Count == 0)
    {
        Console.WriteLine("No GPIO chips: /dev/gpiochip* does not exist on this machine.");
    }

    foreach (var chip in chips)
    {
        Console.WriteLine($"{chip.Name} [{chip.Label}] ({chip.Lines.Count} lines)");
        foreach (var line in chip.Lines)
        {
            Console.WriteLine($"  {line.Offset,3} {line.Name ?? "unnamed",-20} {(line.IsUsed ? line.Consumer ?? "kernel" : "unused"),-16} {line.Direction} bias {line.Bias}{(line.ActiveLow ? " active-low" : "")}");
        }
    }

    return;
}

var options = new GpioInputOptions
{
    Bias = args.Contains("pull-up") ? GpioBias.PullUp : args.Contains("pull-down") ? GpioBias.PullDown : GpioBias.AsIs,
    ActiveLow = args.Contains("active-low"),
    Debounce = args.Skip(2).FirstOrDefault(arg => arg.EndsWith("ms", StringComparison.Ordinal)) is { } text
        ? TimeSpan.FromMilliseconds(int.Parse(text[..^2], CultureInfo.InvariantCulture))
        : TimeSpan.Zero,
    Consumer = "edgesecurity-watch",
};

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
IGpioInputLine input;
try
{
    input = lines.OpenInput(GpioLineAddress.OnChip(args[0], int.Parse(args[1], CultureInfo.InvariantCulture)), options);
}
catch (GpioException ex)
{
    Console.Error.WriteLine(ex.Message);
    Environment.ExitCode = 1;
    return;
}

using var _ = input;
Console.WriteLine($"{input.Address}: value {(input.ReadValue() ? 1 : 0)}, debounce {options.Debounce.TotalMilliseconds} ms; Ctrl+C ends");
try
{
    await foreach (var edge in input.ReadEdgesAsync(stop.Token))
    {
        var at = GpioClock.ToWallClock(edge.Timestamp, TimeProvider.System);
        var late = GpioClock.Now(TimeProvider.System) - edge.Timestamp;
        Console.WriteLine($"{at.ToLocalTime():HH:mm:ss.ffffff} {edge.Kind,-7} value {(edge.Value ? 1 : 0)} (reported {late.TotalMilliseconds:F1} ms after the edge)");
    }
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
}

Console.WriteLine($"dropped edges: {input.DroppedEdges}");
