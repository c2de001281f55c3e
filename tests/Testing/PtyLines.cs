using System.Runtime.Versioning;
using EdgeSecurity.Bindings.Serial;

namespace EdgeSecurity.Testing;

/// <summary>Both ends of a fresh socat pty pair, opened as serial lines.</summary>
[SupportedOSPlatform("linux")]
public sealed class PtyLines : IAsyncDisposable
{
    private PtyLines(SocatPtyPair pair, SerialLine a, SerialLine b)
    {
        Pair = pair;
        A = a;
        B = b;
    }

    /// <summary>Upper bound for a wait on a line; a pty round trip takes well under a millisecond.</summary>
    public static TimeSpan Patience { get; } = TimeSpan.FromSeconds(5);

    public SocatPtyPair Pair { get; }

    public SerialLine A { get; }

    public SerialLine B { get; }

    public static async Task<PtyLines> OpenAsync(SerialSettings? settings = null)
    {
        var pair = await SocatPtyPair.StartAsync().ConfigureAwait(false);
        var a = SerialLine.Open(pair.PathA, settings);
        var b = SerialLine.Open(pair.PathB, settings);
        return new PtyLines(pair, a, b);
    }

    public async ValueTask DisposeAsync()
    {
        A.Dispose();
        B.Dispose();
        await Pair.DisposeAsync().ConfigureAwait(false);
    }
}
