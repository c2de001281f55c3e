using System.Globalization;
using EdgeSecurity.Bindings.Serial;

namespace EdgeSecurity.Hardware.SmokeDetectorSimulator;

/// <summary>The command line, parsed with every problem collected rather than stopping at the first.</summary>
internal sealed class SimulatorArguments
{
    public const string Usage = """
        usage: dotnet EdgeSecurity.Hardware.SmokeDetectorSimulator.dll --line <device> --device <ids>=<profile> [options]

          --line <device>           serial device or pty to answer on, e.g. /dev/ttyUSB0 or the b end of a socat pair
          --device <ids>=<profile>  slave ids served with a profile, e.g. 1,2=hardware/profiles/photoelectric-smoke-detector.yaml
                                    or 3-5=...; repeat for more profiles
          --baud <rate>             line speed (default: the profiles' serial.baudRate)
          --parity none|even|odd    (default: the profiles' serial.parity)
          --stop-bits 1|2           (default: the profiles' serial.stopBits)
          --verbose                 print every request served
          --help                    this text

        commands on stdin, one per line:
          alarm <id> on|off   fault <id> on|off   battery <id> low|ok   smoke <id> <value>
          set <id> <resource> <value>   show [<id>]   help   quit
        """;

    private static readonly Dictionary<string, SerialParity> Parities = new(StringComparer.Ordinal)
    {
        ["none"] = SerialParity.None,
        ["even"] = SerialParity.Even,
        ["odd"] = SerialParity.Odd,
    };

    public string? Line { get; private set; }

    /// <summary>Slave id → profile path, in the order given.</summary>
    public List<(byte SlaveId, string ProfilePath)> Devices { get; } = [];

    public int? BaudRate { get; private set; }

    public SerialParity? Parity { get; private set; }

    public SerialStopBits? StopBits { get; private set; }

    public bool Verbose { get; private set; }

    public bool Help { get; private set; }

    public List<string> Errors { get; } = [];

    public static SimulatorArguments Parse(IReadOnlyList<string> args)
    {
        var parsed = new SimulatorArguments();
        for (var i = 0; i < args.Count; i++)
        {
            var option = args[i];
            string? Value() => i + 1 < args.Count ? args[++i] : parsed.Missing(option);
            switch (option)
            {
                case "--line":
                    parsed.Line = Value();
                    break;
                case "--device":
                    parsed.AddDevices(Value());
                    break;
                case "--baud":
                    parsed.BaudRate = parsed.Number(option, Value());
                    break;
                case "--parity":
                    parsed.Parity = parsed.ParityOf(Value());
                    break;
                case "--stop-bits":
                    parsed.StopBits = parsed.Number(option, Value()) switch
                    {
                        null => null,
                        1 => SerialStopBits.One,
                        2 => SerialStopBits.Two,
                        _ => parsed.Invalid<SerialStopBits?>("--stop-bits takes 1 or 2"),
                    };
                    break;
                case "--verbose":
                    parsed.Verbose = true;
                    break;
                case "--help" or "-h":
                    parsed.Help = true;
                    break;
                default:
                    parsed.Errors.Add($"unknown option '{option}'");
                    break;
            }
        }

        if (!parsed.Help)
        {
            if (parsed.Line is null)
                parsed.Errors.Add("--line is missing: name the serial device or pty to answer on");
            if (parsed.Devices.Count == 0)
                parsed.Errors.Add("--device is missing: give at least one <ids>=<profile>");
        }
        return parsed;
    }

    private void AddDevices(string? value)
    {
        if (value is null)
            return;
        var separator = value.IndexOf('=', StringComparison.Ordinal);
        if (separator <= 0 || separator == value.Length - 1)
        {
            Errors.Add($"--device '{value}' is not <ids>=<profile>, e.g. 1,2=hardware/profiles/photoelectric-smoke-detector.yaml");
            return;
        }
        var profile = value[(separator + 1)..];
        foreach (var part in value[..separator].Split(','))
        {
            var range = part.Split('-');
            if (range.Length > 2 || !byte.TryParse(range[0], CultureInfo.InvariantCulture, out var first) || !byte.TryParse(range[^1], CultureInfo.InvariantCulture, out var last)
                || first is 0 or > 247 || last is 0 or > 247 || last < first)
            {
                Errors.Add($"--device: '{part}' is not a slave id (1 to 247) or a range of them like 3-5");
                continue;
            }
            for (var id = first; id <= last; id++)
            {
                if (Devices.Any(d => d.SlaveId == id))
                    Errors.Add($"--device: slave id {id} is given twice");
                else
                    Devices.Add((id, profile));
            }
        }
    }

    private int? Number(string option, string? value)
    {
        if (value is null)
            return null;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            return number;
        return Invalid<int?>($"{option} '{value}' is not a number");
    }

    private SerialParity? ParityOf(string? value)
    {
        if (value is null)
            return null;
        return Parities.TryGetValue(value, out var parity) ? parity : Invalid<SerialParity?>($"--parity '{value}' is not none, even or odd");
    }

    private string? Missing(string option)
    {
        Errors.Add($"{option} needs a value");
        return null;
    }

    private T Invalid<T>(string error)
    {
        Errors.Add(error);
        return default!;
    }
}
