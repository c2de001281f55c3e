using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using EdgeSecurity.Bindings.Serial;
using EdgeSecurity.Modbus;
using EdgeSecurity.Modbus.Profiles;
using EdgeSecurity.Modbus.Rtu;
using EdgeSecurity.Testing;

namespace EdgeSecurity.Benchmarks;

/// <summary>
/// Modbus 03 round trips (10 registers: 8 bytes out, 25 back) over a socat pty pair, compared with a raw write→read
/// echo of the same byte counts through the same serial binding. Modbus is measured twice: with the inter-frame gaps
/// a real bus needs (at 115200 baud the slave answers 1.75 ms after the request), and with gaps off, which leaves
/// the protocol's own cost. The three run on their own pty pairs, interleaved round by round, so that other load
/// on the machine weighs on all three alike. Then the poll cycle of 32 smoke detectors on one 9600-baud bus.
/// </summary>
internal static class ModbusRoundTrip
{
    private const ushort Registers = 10;
    private const int RequestBytes = 8;
    private const int AnswerBytes = 5 + (2 * Registers);
    private const int WarmUp = 100;
    private const int Detectors = 32;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(string[] args)
    {
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("The serial binding drives termios, so the modbus scenario runs on Linux only.");
        var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
        var onTheWire = RtuTiming.ForBaudRate(115200);
        await using var raw = await RawEcho.StartAsync();
        await using var noGaps = await ModbusPair.StartAsync(onTheWire with { InterFrameGap = TimeSpan.Zero, FrameEndSilence = TimeSpan.Zero });
        await using var withGaps = await ModbusPair.StartAsync(onTheWire);
        var rawSample = new LatencySample("raw pty echo, 8 → 25 bytes");
        var noGapsSample = new LatencySample("Modbus 03, gaps off");
        var withGapsSample = new LatencySample("Modbus 03, gaps of a 115200 bus");

        for (var i = 0; i < WarmUp + rounds; i++)
        {
            var rawTime = await raw.RoundTripAsync();
            var noGapsTime = await noGaps.RoundTripAsync();
            var withGapsTime = await withGaps.RoundTripAsync();
            if (i < WarmUp)
                continue;
            rawSample.Add(rawTime);
            noGapsSample.Add(noGapsTime);
            withGapsSample.Add(withGapsTime);
        }

        Console.WriteLine();
        Console.WriteLine($"modbus: {rounds} round trips over socat pty pairs, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine(rawSample);
        Console.WriteLine(noGapsSample);
        Console.WriteLine(withGapsSample);
        Console.WriteLine(Ratio("gaps off ÷ raw echo", noGapsSample, rawSample));
        Console.WriteLine(Ratio("with gaps ÷ raw echo", withGapsSample, rawSample));
        Console.WriteLine($"frames rejected: {noGaps.Rejections + withGaps.Rejections}");
        await MeasurePollCycleAsync();
    }

    [SupportedOSPlatform("linux")]
    private static async Task MeasurePollCycleAsync()
    {
        var profile = DeviceProfileLoader.LoadFile(Path.Combine(RepositoryLayout.Root, "hardware", "profiles", "photoelectric-smoke-detector.yaml")).ProfileOrThrow();
        var timing = RtuTiming.ForBaudRate(9600);
        await using var bus = await ModbusPair.StartAsync(timing, Enumerable.Range(1, Detectors).Select(id => ((byte)id, (IModbusSlaveDevice)new SimulatedDevice(profile).Registers)));
        var detectors = Enumerable.Range(1, Detectors).Select(id => new ModbusDevice(bus.Master, (byte)id, profile)).ToList();

        var cycles = new LatencySample($"poll cycle, {Detectors} detectors");
        for (var i = 0; i < 22; i++)
        {
            var start = Stopwatch.GetTimestamp();
            foreach (var detector in detectors)
                await detector.PollAsync();
            if (i >= 2)
                cycles.Add(Stopwatch.GetElapsedTime(start));
        }

        // A pty moves bytes at once; a real 9600-baud wire also spends each character's transmission time.
        var block = profile.PollBlocks.Count == 1 ? profile.PollBlocks[0] : throw new InvalidOperationException("the smoke detector profile should poll with one request");
        var characters = Detectors * (RequestBytes + 5 + (2 * block.Count));
        var wire = timing.TransmitTime(characters).TotalMilliseconds;
        Console.WriteLine(cycles);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"poll cycle on a real 9600 baud wire ≈ {cycles.Percentile(50) + wire:0} ms (p50 above + {characters} characters × {timing.CharacterTime.TotalMilliseconds:0.00} ms): each detector read every {(cycles.Percentile(50) + wire) / 1000:0.0} s"));
    }

    private static string Ratio(string name, LatencySample sample, LatencySample baseline) => string.Create(CultureInfo.InvariantCulture,
        $"ratio {name,-28} p50 ×{sample.Percentile(50) / baseline.Percentile(50):0.0}  p99 ×{sample.Percentile(99) / baseline.Percentile(99):0.0}");

    /// <summary>A pty pair whose far end echoes an answer of the Modbus answer's size for every request-sized write.</summary>
    [SupportedOSPlatform("linux")]
    private sealed class RawEcho : IAsyncDisposable
    {
        private readonly SocatPtyPair _pair;
        private readonly SerialLine _near;
        private readonly SerialLine _far;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _echo;
        private readonly byte[] _request = new byte[RequestBytes];
        private readonly byte[] _answer = new byte[AnswerBytes];

        private RawEcho(SocatPtyPair pair)
        {
            _pair = pair;
            _near = SerialLine.Open(pair.PathA, new SerialSettings { BaudRate = 115200 });
            _far = SerialLine.Open(pair.PathB, new SerialSettings { BaudRate = 115200 });
            _echo = EchoAsync();
        }

        public static async Task<RawEcho> StartAsync() => new(await SocatPtyPair.StartAsync());

        public async Task<TimeSpan> RoundTripAsync()
        {
            var start = Stopwatch.GetTimestamp();
            await _near.WriteAsync(_request, Patience);
            await _near.ReadExactlyAsync(_answer, Patience);
            return Stopwatch.GetElapsedTime(start);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await Task.WhenAny(_echo);
            _near.Dispose();
            _far.Dispose();
            await _pair.DisposeAsync();
            _stop.Dispose();
        }

        private async Task EchoAsync()
        {
            var request = new byte[RequestBytes];
            var answer = new byte[AnswerBytes];
            while (true)
            {
                await _far.ReadExactlyAsync(request, Timeout.InfiniteTimeSpan, _stop.Token);
                await _far.WriteAsync(answer, Patience);
            }
        }
    }

    /// <summary>A master and a slave with the given timing on their own pty pair.</summary>
    [SupportedOSPlatform("linux")]
    private sealed class ModbusPair : IAsyncDisposable
    {
        private readonly SocatPtyPair _pair;
        private readonly SerialLine _masterLine;
        private readonly SerialLine _slaveLine;
        private readonly RtuTiming _timing;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _serving;
        private int _rejections;

        private ModbusPair(SocatPtyPair pair, RtuTiming timing, IEnumerable<(byte Id, IModbusSlaveDevice Device)> devices)
        {
            _pair = pair;
            _timing = timing;
            var settings = new SerialSettings { BaudRate = 115200 };
            _masterLine = SerialLine.Open(pair.PathA, settings);
            _slaveLine = SerialLine.Open(pair.PathB, settings);
            var slave = new ModbusRtuSlave(_slaveLine, timing);
            foreach (var (id, device) in devices)
                slave.Serve(id, device);
            Master = new ModbusRtuMaster(_masterLine, new ModbusMasterOptions { Timing = timing });
            slave.FrameRejected += (_, _) => Interlocked.Increment(ref _rejections);
            Master.FrameRejected += (_, _) => Interlocked.Increment(ref _rejections);
            _serving = slave.RunAsync(_stop.Token);
        }

        public ModbusRtuMaster Master { get; }

        public int Rejections => _rejections;

        public static async Task<ModbusPair> StartAsync(RtuTiming timing, IEnumerable<(byte, IModbusSlaveDevice)>? devices = null)
        {
            var pair = await SocatPtyPair.StartAsync();
            return new ModbusPair(pair, timing, devices ?? [(1, CountingRegisters())]);
        }

        /// <summary>One 03 request to slave 1, timed from request to decoded answer.</summary>
        public async Task<TimeSpan> RoundTripAsync()
        {
            // The gap a master keeps before its next request is not part of a round trip: let it pass untimed.
            Thread.Sleep(_timing.InterFrameGap);
            var start = Stopwatch.GetTimestamp();
            await Master.ReadHoldingRegistersAsync(1, 0, Registers);
            return Stopwatch.GetElapsedTime(start);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await Task.WhenAny(_serving);
            Master.Dispose();
            _masterLine.Dispose();
            _slaveLine.Dispose();
            await _pair.DisposeAsync();
            _stop.Dispose();
        }

        private static RegisterMap CountingRegisters()
        {
            var map = new RegisterMap();
            for (ushort address = 0; address < Registers; address++)
                map.Define(RegisterKind.Holding, address, address);
            return map;
        }
    }
}
