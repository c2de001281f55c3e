using EdgeSecurity.Bindings.Serial;
using EdgeSecurity.Modbus;
using EdgeSecurity.Modbus.Profiles;

namespace EdgeSecurity.Hardware.SmokeDetectorSimulator;

/// <summary>
/// Answers for the simulated devices on one line. When the line goes away (adapter unplugged, socat stopped) it
/// says so and opens it again every second, as the agent will when a real adapter is replugged.
/// </summary>
internal sealed class BusServer(string path, SerialSettings settings, IReadOnlyDictionary<byte, SimulatedDevice> devices, bool verbose)
{
    private static readonly TimeSpan ReopenInterval = TimeSpan.FromSeconds(1);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        string? lastProblem = null;
        while (true)
        {
            try
            {
                using var line = SerialLine.Open(path, settings);
                lastProblem = null;
                await ServeAsync(line, cancellationToken).ConfigureAwait(false);
            }
            catch (SerialLineException ex) when (!cancellationToken.IsCancellationRequested)
            {
                // Say it once, not every second, until something changes.
                if (ex.Message != lastProblem)
                    Console.Error.WriteLine($"{ex.Message} Trying again every {ReopenInterval.TotalSeconds:0} s.");
                lastProblem = ex.Message;
                await Task.Delay(ReopenInterval, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task ServeAsync(SerialLine line, CancellationToken cancellationToken)
    {
        var slave = new ModbusRtuSlave(line);
        foreach (var (id, device) in devices)
            slave.Serve(id, device.Registers);
        slave.FrameRejected += (_, e) => Console.Error.WriteLine($"rejected frame: {e.Rejection}");
        if (verbose)
            slave.RequestServed += (_, e) => Console.WriteLine($"served {e}");

        var served = string.Join(", ", devices.Select(d => $"slave {d.Key} ({d.Value.Profile.Name})"));
        Console.WriteLine($"ready: {served} on {path} at {settings}");
        await slave.RunAsync(cancellationToken).ConfigureAwait(false);
    }
}
