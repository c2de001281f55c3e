using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Agent.Publishing;
using EdgeSecurity.Agent.Rs485;
using EdgeSecurity.Bindings.Serial;
using EdgeSecurity.Contract;
using EdgeSecurity.Modbus;
using EdgeSecurity.Modbus.Profiles;
using EdgeSecurity.Modbus.Rtu;
using EdgeSecurity.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeSecurity.Benchmarks;

/// <summary>
/// The poll cycle of 32 smoke detectors on one 9600-baud bus (socat pty pair, simulated detectors with the bus's
/// inter-frame gaps) through the agent's poller — decoding, conditions, state, telemetry handed to a publisher —
/// compared with the raw cycle of the <c>modbus</c> scenario: the same 32 ModbusDevice.PollAsync calls and nothing
/// else. Cycles alternate, so other load on the machine weighs on both alike.
/// </summary>
internal static class ModbusPollCycle
{
    private const int Detectors = 32;
    private const int WarmUp = 2;

    public static async Task RunAsync(string[] args)
    {
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("The serial binding drives termios, so the modbus-poll scenario runs on Linux only.");
        await MeasureAsync(args);
    }

    [SupportedOSPlatform("linux")]
    private static async Task MeasureAsync(string[] args)
    {
        var cycles = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
        var profilePath = Path.Combine(RepositoryLayout.Root, "hardware", "profiles", "photoelectric-smoke-detector.yaml");
        var profile = DeviceProfileLoader.LoadFile(profilePath).ProfileOrThrow();
        var timing = RtuTiming.ForBaudRate(9600);
        await using var pair = await SocatPtyPair.StartAsync();
        using var masterLine = SerialLine.Open(pair.PathA);
        using var slaveLine = SerialLine.Open(pair.PathB);
        var slave = new ModbusRtuSlave(slaveLine, timing);
        var simulated = Enumerable.Range(1, Detectors).Select(_ => new SimulatedDevice(profile)).ToList();
        for (var id = 1; id <= Detectors; id++)
            slave.Serve((byte)id, simulated[id - 1].Registers);
        using var stop = new CancellationTokenSource();
        var serving = slave.RunAsync(stop.Token);
        using var master = new ModbusRtuMaster(masterLine, new ModbusMasterOptions { Timing = timing });

        var bus = new Rs485BusConfig("bus-bench", pair.PathA, new SerialSettings(), TimeSpan.FromMilliseconds(500), 2, TimeSpan.FromSeconds(5), 3,
            TimeSpan.Zero, [.. Enumerable.Range(1, Detectors).Select(id => new ModbusDeviceConfig($"smoke-{id}", null, new DoorPlace(null, null, null, null), (byte)id, profilePath, profile))]);
        var publisher = new CountingPublisher();
        var poller = new Rs485BusPoller(bus, new GatewayConfig("gw-bench", "cm-bench", null), publisher, TimeProvider.System, NullLoggerFactory.Instance);
        var raw = Enumerable.Range(1, Detectors).Select(id => new ModbusDevice(master, (byte)id, profile)).ToList();

        var rawSample = new LatencySample($"raw cycle, {Detectors} × ModbusDevice.PollAsync");
        var agentSample = new LatencySample($"agent poller cycle, {Detectors} detectors");
        for (var i = 0; i < WarmUp + cycles; i++)
        {
            // Every tenth cycle a detector alarms and clears, so the poller's event path is part of the measure.
            simulated[i % Detectors].SetCondition(StatusConditions.Alarm, i % 10 == 0);
            var start = Stopwatch.GetTimestamp();
            foreach (var device in raw)
                await device.PollAsync();
            var rawTime = Stopwatch.GetElapsedTime(start);
            start = Stopwatch.GetTimestamp();
            await poller.PollCycleAsync(master, CancellationToken.None);
            var agentTime = Stopwatch.GetElapsedTime(start);
            if (i < WarmUp)
                continue;
            rawSample.Add(rawTime);
            agentSample.Add(agentTime);
        }
        await stop.CancelAsync();
        await Task.WhenAny(serving);

        Console.WriteLine();
        Console.WriteLine($"modbus-poll: {cycles} cycles of {Detectors} detectors at 9600 baud timing over a socat pty pair, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine(rawSample);
        Console.WriteLine(agentSample);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ratio agent ÷ raw  p50 ×{agentSample.Percentile(50) / rawSample.Percentile(50):0.00}  p99 ×{agentSample.Percentile(99) / rawSample.Percentile(99):0.00}"));
        Console.WriteLine($"poller: {poller.Counters}; handed over {publisher.Events} events, {publisher.States} states, {publisher.Telemetry} telemetry points");
    }

    [SupportedOSPlatform("linux")]
    private sealed class CountingPublisher : IEventPublisher
    {
        private int _events;
        private int _states;
        private int _telemetry;

        public int Events => _events;

        public int States => _states;

        public int Telemetry => _telemetry;

        public Guid PublishEvent(Detection detection)
        {
            Interlocked.Increment(ref _events);
            return Guid.CreateVersion7();
        }

        public void PublishState(string deviceId, string state, DateTimeOffset at, DeviceHealth? health = null) => Interlocked.Increment(ref _states);

        public void PublishTelemetry(string deviceId, IReadOnlyDictionary<string, double> values, DateTimeOffset at) => Interlocked.Increment(ref _telemetry);
    }
}
