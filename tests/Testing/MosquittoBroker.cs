using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace EdgeSecurity.Testing;

/// <summary>
/// A real mosquitto broker for tests: its own loopback port, config, persistence and log in a temp directory.
/// Dispose kills it and deletes the directory; brokers still running when the test process exits are killed too.
/// </summary>
public sealed partial class MosquittoBroker : IAsyncDisposable
{
    private const string Executable = "/usr/sbin/mosquitto";
    private const int StartAttempts = 3;
    private const int OutputLinesKept = 50;
    private const int LogLinesReported = 30;
    private const int SigTerm = 15;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan ConnectProbeTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    private static readonly ConcurrentDictionary<MosquittoBroker, byte> s_running = new();

    private readonly MosquittoBrokerOptions _options;
    private readonly TempDirectory _directory = new("mosquitto");
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    static MosquittoBroker()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var broker in s_running.Keys)
            {
                broker.KillIfRunning();
            }
        };
    }

    private MosquittoBroker(MosquittoBrokerOptions options) => _options = options;

    public string Host { get; } = "127.0.0.1";

    public int Port { get; private set; }

    public string LogPath => _directory.Combine("mosquitto.log");

    public string ConfigPath => _directory.Combine("mosquitto.conf");

    public bool IsRunning => _process is { HasExited: false };

    public static async Task<MosquittoBroker> StartAsync(MosquittoBrokerOptions? options = null)
    {
        var broker = new MosquittoBroker(options ?? new MosquittoBrokerOptions());
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                broker.Port = FreeTcpPort.Next();
                broker.WriteConfig();
                try
                {
                    await broker.LaunchAsync().ConfigureAwait(false);
                    return broker;
                }
                catch (InvalidOperationException ex) when (attempt < StartAttempts && ex.Message.Contains("Address already in use", StringComparison.Ordinal))
                {
                    // Another process took the free port between FreeTcpPort.Next and mosquitto's bind: try another.
                }
            }
        }
        catch
        {
            await broker.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>SIGTERM, so mosquitto saves its persistence file, then waits for the exit.</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        if (kill(process.Id, SigTerm) != 0)
        {
            throw new InvalidOperationException($"Could not signal mosquitto (pid {process.Id}): {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        try
        {
            await process.WaitForExitAsync().WaitAsync(StopTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            process.Kill();
            await process.WaitForExitAsync().ConfigureAwait(false);
        }

        Forget();
    }

    /// <summary>SIGKILL: no clean shutdown, nothing saved since the last autosave.</summary>
    public async Task KillAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        process.Kill();
        await process.WaitForExitAsync().ConfigureAwait(false);
        Forget();
    }

    /// <summary>Stops the broker if it runs, then starts it again on the same port with the same persistence.</summary>
    public async Task RestartAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await LaunchAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync().ConfigureAwait(false);
        Forget();
        _directory.Dispose();
    }

    private void WriteConfig()
    {
        string[] lines =
        [
            $"listener {Port} {Host}",
            $"allow_anonymous {(_options.AllowAnonymous ? "true" : "false")}",
            "persistence true",
            $"persistence_location {_directory.Path}/",
            $"max_queued_messages {_options.MaxQueuedMessages}",
            $"log_dest file {LogPath}",
            "log_type all",
            "log_timestamp_format %Y-%m-%dT%H:%M:%S",
            // Started as root, mosquitto switches to the user "mosquitto", who cannot write to this directory.
            $"user {Environment.UserName}",
            .. _options.ExtraConfig,
        ];
        File.WriteAllLines(ConfigPath, lines);
    }

    private async Task LaunchAsync()
    {
        var startInfo = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add(ConfigPath);

        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => KeepOutput(e.Data);
        process.ErrorDataReceived += (_, e) => KeepOutput(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        s_running[this] = 0;

        var elapsed = Stopwatch.StartNew();
        var exited = process.WaitForExitAsync();
        while (!await AcceptsConnectionsAsync().ConfigureAwait(false))
        {
            if (elapsed.Elapsed > _options.StartTimeout)
            {
                throw StartFailure($"it did not accept connections on {Host}:{Port} within {_options.StartTimeout.TotalSeconds:0} s");
            }

            await Task.WhenAny(exited, Task.Delay(PollInterval)).ConfigureAwait(false);
            if (exited.IsCompleted)
            {
                throw StartFailure($"it exited with code {process.ExitCode}");
            }
        }
    }

    private async Task<bool> AcceptsConnectionsAsync()
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(ConnectProbeTimeout);
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, Port, timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    private InvalidOperationException StartFailure(string reason)
    {
        var report = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"mosquitto did not start ({Executable} -c {ConfigPath}): {reason}.");
        if (File.Exists(LogPath))
        {
            report.AppendLine().AppendLine("Log tail:");
            foreach (var line in File.ReadLines(LogPath).TakeLast(LogLinesReported))
            {
                report.AppendLine(line);
            }
        }

        if (!_output.IsEmpty)
        {
            report.AppendLine().AppendLine("Output:").AppendJoin(Environment.NewLine, _output);
        }

        KillIfRunning();
        Forget();
        return new InvalidOperationException(report.ToString());
    }

    private void KeepOutput(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > OutputLinesKept && _output.TryDequeue(out _))
        {
        }
    }

    private void KillIfRunning()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
        }
    }

    private void Forget()
    {
        s_running.TryRemove(this, out _);
        _process?.Dispose();
        _process = null;
    }

    [LibraryImport("libc.so.6", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
