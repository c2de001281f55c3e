using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;

namespace EdgeSecurity.Testing;

/// <summary>
/// One of our own programs (hub, agent, CLI, simulator) run as a real child process, the way it runs in production.
/// Its output is kept so a failing test can show it, and it is killed on dispose so no test leaks a process.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<string> _standardOutput = new();
    private readonly ConcurrentQueue<string> _standardError = new();

    // Standard output lines not yet taken by ReadLineAsync, for programs that answer commands line by line.
    private readonly Channel<string> _unread = Channel.CreateUnbounded<string>();
    private readonly List<(string Text, TaskCompletionSource Seen)> _awaited = [];

    private ServiceProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything printed so far, stdout and stderr interleaved, for failure messages.</summary>
    public string Output => string.Join('\n', _output);

    public string StandardOutput => string.Join('\n', _standardOutput);

    public string StandardError => string.Join('\n', _standardError);

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <c>dotnet &lt;dll&gt; args</c> for a program built by the solution.</summary>
    /// <param name="environment">Variables to set for the program; a null value removes the variable.</param>
    public static ServiceProcess StartDotnet(
        string dllPath, IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string?>? environment = null)
    {
        if (!File.Exists(dllPath))
            throw new FileNotFoundException($"{dllPath} is not built; run ./setup.sh first", dllPath);
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dllPath);
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
                info.Environment.Remove(name);
            else
                info.Environment[name] = value;
        }

        var service = new ServiceProcess(new Process { StartInfo = info, EnableRaisingEvents = true });
        service._process.OutputDataReceived += (_, e) => service.Record(e.Data, service._standardOutput);
        service._process.ErrorDataReceived += (_, e) => service.Record(e.Data, service._standardError);
        service._process.Start();
        service._process.BeginOutputReadLine();
        service._process.BeginErrorReadLine();
        return service;
    }

    /// <summary>Completes when a line containing <paramref name="text"/> has been printed (earlier lines count).</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_awaited)
        {
            if (_output.Any(line => line.Contains(text, StringComparison.Ordinal)))
                return;
            _awaited.Add((text, seen));
        }
        var exited = _process.WaitForExitAsync();
        var finished = await Task.WhenAny(seen.Task, exited, Task.Delay(timeout)).ConfigureAwait(false);
        if (finished != seen.Task)
        {
            var why = finished == exited ? $"exited with code {_process.ExitCode}" : $"did not print it within {timeout.TotalSeconds:0} s";
            throw new TimeoutException($"waiting for \"{text}\": the process {why}. Output:\n{Output}");
        }
    }

    /// <summary>Types one line on the program's standard input.</summary>
    public async Task WriteLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line).ConfigureAwait(false);
        await _process.StandardInput.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>The next standard output line not read before.</summary>
    public async Task<string> ReadLineAsync(TimeSpan timeout)
    {
        try
        {
            return await _unread.Reader.ReadAsync().AsTask().WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the process printed nothing within {timeout.TotalSeconds:0} s; output:\n{Output}");
        }
    }

    /// <summary>Waits for the program to exit by itself and for the end of its output; returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout).ConfigureAwait(false);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: the process gets no chance to say goodbye, as when a gateway loses power.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().ConfigureAwait(false);
    }

    /// <summary>SIGTERM, then wait for a graceful exit; returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync().ConfigureAwait(false);
        }
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync().ConfigureAwait(false);
        _process.Dispose();
    }

    private void Record(string? line, ConcurrentQueue<string> stream)
    {
        if (line is null)
            return;
        stream.Enqueue(line);
        if (stream == _standardOutput)
            _unread.Writer.TryWrite(line);
        lock (_awaited)
        {
            _output.Enqueue(line);
            foreach (var waiter in _awaited.Where(w => line.Contains(w.Text, StringComparison.Ordinal)).ToList())
            {
                waiter.Seen.TrySetResult();
                _awaited.Remove(waiter);
            }
        }
    }
}
