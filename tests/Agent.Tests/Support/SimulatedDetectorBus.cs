using EdgeSecurity.Bindings.Serial;
using EdgeSecurity.Modbus;
using EdgeSecurity.Modbus.Profiles;

namespace EdgeSecurity.Agent.Tests.Support;

/// <summary>
/// Modbus devices answering on the far end of a socat pty pair, served from their profiles by the real slave of
/// edge/Modbus: the field side of an RS-485 cable. Stopping it makes every device fall silent at once.
/// </summary>
public sealed class SimulatedDetectorBus : IAsyncDisposable
{
    public static readonly string SmokeProfile = Path.Combine(RepositoryLayout.Root, "hardware/profiles/photoelectric-smoke-detector.yaml");
    public static readonly string TemperatureHumidityProfile = Path.Combine(RepositoryLayout.Root, "hardware/profiles/temperature-humidity-sensor.yaml");

    private readonly SerialLine _line;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    private SimulatedDetectorBus(SerialLine line, IReadOnlyDictionary<byte, SimulatedDevice> devices)
    {
        _line = line;
        var slave = new ModbusRtuSlave(line);
        foreach (var (id, device) in devices)
            slave.Serve(id, device.Registers);
        _serving = Task.Run(async () =>
        {
            try
            {
                await slave.RunAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SerialLineException)
            {
                // Stopped, or the cable was cut under it.
            }
        });
    }

    /// <summary>Serves the devices (kept by the caller, so their values survive a restart of the bus) on the line at <paramref name="path"/>.</summary>
    public static SimulatedDetectorBus Serve(string path, IReadOnlyDictionary<byte, SimulatedDevice> devices) =>
        new(SerialLine.Open(path), devices);

    public static SimulatedDevice Device(string profilePath) => new(DeviceProfileLoader.LoadFile(profilePath).ProfileOrThrow());

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _serving;
        _line.Dispose();
        _stop.Dispose();
    }
}
