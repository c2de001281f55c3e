using EdgeSecurity.Bindings.Serial;

namespace EdgeSecurity.Modbus.Tests.Support;

/// <summary>An RS-485 bus made of a socat pty pair: the master's line on one end, the devices' line on the other.</summary>
internal sealed class PtyBus(PtyLines lines) : IAsyncDisposable
{
    public SocatPtyPair Pair => lines.Pair;

    public SerialLine MasterLine => lines.A;

    public SerialLine DeviceLine => lines.B;

    /// <summary>Upper bound for anything a test waits for; a pty round trip takes well under a millisecond.</summary>
    public static TimeSpan Patience { get; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Master options for a test. Answers over a pty take well under a millisecond, but tests run in parallel on two
    /// cores, so only a test that waits out timeouts on purpose uses a short one (<see cref="ShortTimeout"/>).
    /// </summary>
    public static ModbusMasterOptions Options(int retries = 2, TimeSpan? timeout = null) =>
        new() { ResponseTimeout = timeout ?? TimeSpan.FromSeconds(2), Retries = retries };

    public static TimeSpan ShortTimeout { get; } = TimeSpan.FromMilliseconds(250);

    public static async Task<PtyBus> OpenAsync(int baudRate = 19200) =>
        new(await PtyLines.OpenAsync(new SerialSettings { BaudRate = baudRate }));

    public ValueTask DisposeAsync() => lines.DisposeAsync();
}
