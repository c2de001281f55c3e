using EdgeSecurity.Bindings.Serial;

namespace EdgeSecurity.Bindings.Serial.Tests;

/// <summary>Both ends of a fresh socat pty pair, opened as serial lines.</summary>
internal sealed class PtyLines : IAsyncDisposable
{
    private PtyLines(SocatPtyPair pair, SerialLine a, SerialLine b)
    {
        Pair = pair;
        A = a;
        B = b;
    }

    public static TimeSpan Patience { get; } = TimeSpan.FromSeconds(5);

    public SocatPtyPair Pair { get; }

    public SerialLine A { get; }

    public SerialLine B { get; }

    public static async Task<PtyLines> OpenAsync(SerialSettings? settings = null)
    {
        var pair = await SocatPtyPair.StartAsync();
        var a = SerialLine.Open(pair.PathA, settings);
        var b = SerialLine.Open(pair.PathB, settings);
        return new PtyLines(pair, a, b);
    }

    public async ValueTask DisposeAsync()
    {
        A.Dispose();
        B.Dispose();
        await Pair.DisposeAsync();
    }
}
