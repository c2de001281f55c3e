namespace EdgeSecurity.Modbus.Tests.Support;

/// <summary>
/// The smoke detector simulator run as a real child process (dotnet &lt;dll&gt;), driven through its stdin the way an
/// installer types commands. Killed on dispose.
/// </summary>
internal sealed class SimulatorProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly ServiceProcess _process;

    private SimulatorProcess(IEnumerable<string> args) =>
        _process = ServiceProcess.StartDotnet(RepositoryLayout.SmokeDetectorSimulatorDll, args, RepositoryLayout.Root);

    /// <summary>Everything printed so far, stdout and stderr, for failure messages.</summary>
    public string Output => _process.Output;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts it and waits for its "ready:" line.</summary>
    public static async Task<SimulatorProcess> StartAsync(params string[] args)
    {
        var simulator = new SimulatorProcess(args);
        try
        {
            var ready = await simulator._process.ReadLineAsync(StartTimeout);
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
        await simulator._process.WaitForExitAsync(StartTimeout);
        return simulator;
    }

    /// <summary>Sends one command line and returns the simulator's one answer line.</summary>
    public async Task<string> AskAsync(string command)
    {
        await _process.WriteLineAsync(command);
        return await _process.ReadLineAsync(PtyBus.Patience);
    }

    public Task<int> WaitForExitAsync() => _process.WaitForExitAsync(PtyBus.Patience);

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
