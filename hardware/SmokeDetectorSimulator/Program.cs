using System.Runtime.InteropServices;
using EdgeSecurity.Configuration;
using EdgeSecurity.Hardware.SmokeDetectorSimulator;
using EdgeSecurity.Modbus.Profiles;

// Exit codes: 0 after quit, Ctrl-C or SIGTERM; 2 for a bad command line or profile.
var arguments = SimulatorArguments.Parse(args);
if (arguments.Help)
{
    Console.WriteLine(SimulatorArguments.Usage);
    return 0;
}
if (arguments.Errors.Count > 0)
{
    foreach (var error in arguments.Errors)
        Console.Error.WriteLine($"error: {error}");
    Console.Error.WriteLine(SimulatorArguments.Usage);
    return 2;
}

var profiles = new Dictionary<string, DeviceProfile>(StringComparer.Ordinal);
var profileErrors = new List<ConfigError>();
foreach (var path in arguments.Devices.Select(d => d.ProfilePath).Distinct())
{
    var loaded = DeviceProfileLoader.LoadFile(path);
    if (loaded.Profile is { } profile)
        profiles[path] = profile;
    profileErrors.AddRange(loaded.Errors);
}
if (profileErrors.Count > 0)
{
    foreach (var error in profileErrors)
        Console.Error.WriteLine(error);
    return 2;
}

var devices = arguments.Devices.ToDictionary(d => d.SlaveId, d => new SimulatedDevice(profiles[d.ProfilePath]));
var factorySettings = profiles.Values.Select(p => p.Serial).Distinct().ToList();
if (factorySettings.Count > 1 && (arguments.BaudRate is null || arguments.Parity is null || arguments.StopBits is null))
{
    Console.Error.WriteLine($"error: the profiles ship with different line settings ({string.Join(", ", factorySettings)}); give --baud, --parity and --stop-bits");
    return 2;
}
var settings = factorySettings[0] with
{
    BaudRate = arguments.BaudRate ?? factorySettings[0].BaudRate,
    Parity = arguments.Parity ?? factorySettings[0].Parity,
    StopBits = arguments.StopBits ?? factorySettings[0].StopBits,
};
try
{
    settings.Validate();
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

// stdin is read on its own thread: Console.In blocks and cannot be cancelled, and the process must still exit on a signal.
var commands = new SimulatorCommands(devices, stop.Cancel);
new Thread(() => commands.ReadFrom(Console.In)) { IsBackground = true, Name = "stdin commands" }.Start();

try
{
    await new BusServer(arguments.Line!, settings, devices, arguments.Verbose).RunAsync(stop.Token);
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.WriteLine("simulator stopped");
}
return 0;
