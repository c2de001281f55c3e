using System.Collections.Concurrent;
using System.Diagnostics;

namespace EdgeSecurity.Testing;

/// <summary>
/// Two pseudo-terminals joined by socat, standing in for two RS-485 adapters on one cable: bytes written to
/// <see cref="PathA"/> come out of <see cref="PathB"/> and back. Killing socat is the cable being cut: both ends
/// then read EIO. Dispose kills socat and deletes the links.
/// </summary>
public sealed class SocatPtyPair : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LinkPollInterval = TimeSpan.FromMilliseconds(5);

    private readonly TempDirectory _directory = new("pty");
    private readonly ConcurrentQueue<string> _output = new();
    private Process _socat;

    private SocatPtyPair()
    {
        _socat = NewSocat();
    }

    private Process NewSocat()
    {
        var info = new ProcessStartInfo("socat")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-d", "-d", $"pty,raw,echo=0,link={PathA}", $"pty,raw,echo=0,link={PathB}"])
            info.ArgumentList.Add(argument);
        return new Process { StartInfo = info };
    }

    public string PathA => _directory.Combine("a");

    public string PathB => _directory.Combine("b");

    public static async Task<SocatPtyPair> StartAsync()
    {
        var pair = new SocatPtyPair();
        try
        {
            await pair.LaunchAsync().ConfigureAwait(false);
            return pair;
        }
        catch
        {
            await pair.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Cuts the cable: socat exits, closing the pseudo-terminal masters.</summary>
    public async Task KillAsync()
    {
        if (!_socat.HasExited)
            _socat.Kill();
        await _socat.WaitForExitAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Plugs the cable back in: a new socat with new pseudo-terminals behind the same two paths, as a USB adapter that
    /// comes back under its udev name. Call after <see cref="KillAsync"/>.
    /// </summary>
    public async Task RestartAsync()
    {
        await KillAsync().ConfigureAwait(false);
        _socat.Dispose();
        // A killed socat leaves its links behind, and the new one may get the same /dev/pts numbers: without this the
        // old links would look ready before socat has replaced them.
        File.Delete(PathA);
        File.Delete(PathB);
        _socat = NewSocat();
        await LaunchAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync().ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // socat never started: nothing to stop.
        }

        _socat.Dispose();
        _directory.Dispose();
    }

    private async Task LaunchAsync()
    {
        _socat.OutputDataReceived += (_, e) => Keep(e.Data);
        _socat.ErrorDataReceived += (_, e) => Keep(e.Data);
        _socat.Start();
        _socat.BeginOutputReadLine();
        _socat.BeginErrorReadLine();

        // socat creates both links before it starts relaying; ask until they exist, within a bound.
        var elapsed = Stopwatch.StartNew();
        using var interval = new PeriodicTimer(LinkPollInterval);
        while (!(File.Exists(PathA) && File.Exists(PathB)))
        {
            if (_socat.HasExited)
                throw new InvalidOperationException($"socat exited with code {_socat.ExitCode} before creating {PathA} and {PathB}:\n{string.Join('\n', _output)}");
            if (elapsed.Elapsed > StartTimeout)
                throw new TimeoutException($"socat did not create {PathA} and {PathB} within {StartTimeout.TotalSeconds:0} s:\n{string.Join('\n', _output)}");
            await interval.WaitForNextTickAsync().ConfigureAwait(false);
        }
    }

    private void Keep(string? line)
    {
        if (line is not null)
            _output.Enqueue(line);
    }
}
