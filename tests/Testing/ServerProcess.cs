using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace EdgeSecurity.Testing;

/// <summary>
/// A third-party server (mosquitto, influxd) run for tests. The tail of its output is kept for start-failure reports,
/// and servers still running when the test process exits are killed, so a crashed test run leaks none.
/// </summary>
internal sealed partial class ServerProcess : IDisposable
{
    private const int SigTerm = 15;
    private const int StartAttempts = 3;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);
    private static readonly ConcurrentDictionary<ServerProcess, byte> s_running = new();

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly int _outputLinesKept;

    static ServerProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var server in s_running.Keys)
                server.Kill();
        };
    }

    private ServerProcess(Process process, int outputLinesKept)
    {
        _process = process;
        _outputLinesKept = outputLinesKept;
    }

    public bool HasExited => _process.HasExited;

    public int Id => _process.Id;

    /// <summary>The last lines of stdout and stderr.</summary>
    public IReadOnlyCollection<string> OutputTail => _output;

    public static ServerProcess Start(string executable, IEnumerable<string> args, int outputLinesKept)
    {
        var startInfo = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
            startInfo.ArgumentList.Add(arg);

        var server = new ServerProcess(new Process { StartInfo = startInfo }, outputLinesKept);
        server._process.OutputDataReceived += (_, e) => server.KeepOutput(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.KeepOutput(e.Data);
        server._process.Start();
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        s_running[server] = 0;
        return server;
    }

    /// <summary>
    /// Runs <paramref name="launchOnFreePorts"/>, which picks free ports and starts the server on them, again while
    /// another process takes such a port between <see cref="FreeTcpPort.Next"/> and the server's bind.
    /// </summary>
    public static async Task StartOnFreePortsAsync(Func<Task> launchOnFreePorts)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await launchOnFreePorts().ConfigureAwait(false);
                return;
            }
            catch (InvalidOperationException ex) when (attempt < StartAttempts && ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                // The failure report carries the server's output, which names the clash: try other ports.
            }
        }
    }

    /// <summary>Polls <paramref name="isReady"/> until it holds; returns why the server did not start, or null.</summary>
    /// <param name="notReady">What did not happen in time, as in "it did not accept connections".</param>
    public async Task<string?> WaitUntilReadyAsync(Func<Task<bool>> isReady, TimeSpan timeout, string notReady)
    {
        var elapsed = Stopwatch.StartNew();
        var exited = _process.WaitForExitAsync();
        while (!await isReady().ConfigureAwait(false))
        {
            if (elapsed.Elapsed > timeout)
                return $"{notReady} within {timeout.TotalSeconds:0} s";
            await Task.WhenAny(exited, Task.Delay(PollInterval)).ConfigureAwait(false);
            if (exited.IsCompleted)
                return $"it exited with code {_process.ExitCode}";
        }
        return null;
    }

    /// <summary>SIGTERM, so the server saves its data, then waits for the exit (SIGKILL after a timeout).</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
            return;
        if (kill(_process.Id, SigTerm) != 0)
            throw new InvalidOperationException($"Could not signal {_process.StartInfo.FileName} (pid {_process.Id}): {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await KillAsync().ConfigureAwait(false);
        }
    }

    /// <summary>SIGKILL: no clean shutdown.</summary>
    public async Task KillAsync()
    {
        Kill();
        await _process.WaitForExitAsync().ConfigureAwait(false);
    }

    public void Kill()
    {
        if (!_process.HasExited)
            _process.Kill();
    }

    public void Dispose()
    {
        s_running.TryRemove(this, out _);
        _process.Dispose();
    }

    private void KeepOutput(string? line)
    {
        if (line is null)
            return;
        _output.Enqueue(line);
        while (_output.Count > _outputLinesKept && _output.TryDequeue(out _))
        {
        }
    }

    [LibraryImport("libc.so.6", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
