using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;

namespace EdgeSecurity.Modbus.Tests.Support;

/// <summary>
/// The smoke detector simulator run as a real child process (dotnet &lt;dll&gt;), driven through its stdin the way an
/// installer types commands. Killed on dispose.
/// </summary>
internal sealed class SimulatorProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly Channel<string> _answers = Channel.CreateUnbounded<string>();
    private readonly ConcurrentQueue<string> _output = new();

    private SimulatorProcess(IEnumerable<string> args)
    {
        var dll = RepositoryLayout.SmokeDetectorSimulatorDll;
        if (!File.Exists(dll))
            throw new FileNotFoundException($"{dll} is not built; run ./setup.sh first", dll);
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryLayout.Root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        _process = new Process { StartInfo = info };
        _process.OutputDataReceived += (_, e) => Record(e.Data, isAnswer: true);
        _process.ErrorDataReceived += (_, e) => Record(e.Data, isAnswer: false);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Everything printed so far, stdout and stderr, for failure messages.</summary>
    public string Output => string.Join('\n', _output);

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts it and waits for its "ready:" line.</summary>
    public static async Task<SimulatorProcess> StartAsync(params string[] args)
    {
        var simulator = new SimulatorProcess(args);
        try
        {
            var ready = await simulator.NextAnswerAsync(StartTimeout);
            Assert.True(ready.StartsWith("ready:", StringComparison.Ordinal), $"expected the ready line, got: {ready}\n{simulator.Output}");
            return simulator;
        }
        catch
        {
            await simulator.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts it with arguments it must refuse, and returns once it has exited.</summary>
    public static async Task<SimulatorProcess> RunToExitAsync(params string[] args)
    {
        var simulator = new SimulatorProcess(args);
        await simulator._process.WaitForExitAsync().WaitAsync(StartTimeout);
        return simulator;
    }

    /// <summary>Sends one command line and returns the simulator's one answer line.</summary>
    public async Task<string> AskAsync(string command)
    {
        await _process.StandardInput.WriteLineAsync(command);
        await _process.StandardInput.FlushAsync();
        return await NextAnswerAsync(PtyBus.Patience);
    }

    public async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync().WaitAsync(PtyBus.Patience);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private async Task<string> NextAnswerAsync(TimeSpan timeout)
    {
        try
        {
            return await _answers.Reader.ReadAsync().AsTask().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the simulator answered nothing within {timeout.TotalSeconds:0} s; output:\n{Output}");
        }
    }

    private void Record(string? line, bool isAnswer)
    {
        if (line is null)
            return;
        _output.Enqueue(line);
        if (isAnswer)
            _answers.Writer.TryWrite(line);
    }
}
