using EdgeSecurity.Bindings.Serial;

namespace EdgeSecurity.Modbus.Tests.Support;

/// <summary>An RS-485 bus made of a socat pty pair: the master's line on one end, the devices' line on the other.</summary>
internal sealed class PtyBus : IAsyncDisposable
{
    private PtyBus(SocatPtyPair pair, SerialLine masterLine, SerialLine deviceLine)
    {
        Pair = pair;
        MasterLine = masterLine;
        DeviceLine = deviceLine;
    }

    /// <summary>Upper bound for anything a test waits for; a pty round trip takes well under a millisecond.</summary>
    public static TimeSpan Patience { get; } = TimeSpan.FromSeconds(10);

    public SocatPtyPair Pair { get; }

    public SerialLine MasterLine { get; }

    public SerialLine DeviceLine { get; }

    /// <summary>
    /// Master options for a test. Answers over a pty take well under a millisecond, but tests run in parallel on two
    /// cores, so only a test that waits out timeouts on purpose uses a short one (<see cref="ShortTimeout"/>).
    /// </summary>
    public static ModbusMasterOptions Options(int retries = 2, TimeSpan? timeout = null) =>
        new() { ResponseTimeout = timeout ?? TimeSpan.FromSeconds(2), Retries = retries };

    public static TimeSpan ShortTimeout { get; } = TimeSpan.FromMilliseconds(250);

    public static async Task<PtyBus> OpenAsync(int baudRate = 19200)
    {
        var pair = await SocatPtyPair.StartAsync();
        var settings = new SerialSettings { BaudRate = baudRate };
        return new PtyBus(pair, SerialLine.Open(pair.PathA, settings), SerialLine.Open(pair.PathB, settings));
    }

    public async ValueTask DisposeAsync()
    {
        MasterLine.Dispose();
        DeviceLine.Dispose();
        await Pair.DisposeAsync();
    }
}
