using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace EdgeSecurity.Testing;

/// <summary>
/// A real InfluxDB 1.x (Debian influxdb) for tests: meta, data and WAL in a temp directory, HTTP on a free loopback
/// port, every other listener either disabled or moved to a loopback port, usage reporting off.
/// Stop and start again keep the port and the data, for outage tests. Dispose kills it and deletes the directory;
/// servers still running when the test process exits are killed too.
/// </summary>
public sealed class InfluxServer : IAsyncDisposable
{
    private const string Executable = "/usr/bin/influxd";
    private const int StartAttempts = 3;
    private const int OutputLinesKept = 60;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(1);
    private static readonly ConcurrentDictionary<InfluxServer, byte> s_running = new();

    private readonly TempDirectory _directory = new("influxd");
    private readonly ConcurrentQueue<string> _output = new();
    private readonly HttpClient _ping = new() { Timeout = PingTimeout };
    private Process? _process;
    private int _rpcPort;

    static InfluxServer()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var server in s_running.Keys)
                server.KillIfRunning();
        };
    }

    private InfluxServer()
    {
    }

    public string Host { get; } = "127.0.0.1";

    public int Port { get; private set; }

    public Uri Url => new($"http://{Host}:{Port}/");

    public string ConfigPath => _directory.Combine("influxdb.conf");

    public bool IsRunning => _process is { HasExited: false };

    public string Output => string.Join('\n', _output);

    public static async Task<InfluxServer> StartAsync()
    {
        var server = new InfluxServer();
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                server.Port = FreeTcpPort.Next();
                server._rpcPort = FreeTcpPort.Next();
                server.WriteConfig();
                try
                {
                    await server.LaunchAsync().ConfigureAwait(false);
                    return server;
                }
                catch (InvalidOperationException ex) when (attempt < StartAttempts && ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
                {
                    // Another process took a free port between FreeTcpPort.Next and influxd's bind: try other ports.
                }
            }
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>SIGTERM and wait for the exit (SIGKILL after a timeout); the data stays for <see cref="RestartAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } process)
            return;
        using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            await term.WaitForExitAsync().ConfigureAwait(false);
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

    /// <summary>Starts the stopped server again on the same port with the same data.</summary>
    public async Task RestartAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await LaunchAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        KillIfRunning();
        if (_process is { } process)
            await process.WaitForExitAsync().ConfigureAwait(false);
        Forget();
        _ping.Dispose();
        _directory.Dispose();
    }

    /// <summary>The configuration the product ships (hub/InfluxDB), on this server's ports and directory.</summary>
    private void WriteConfig()
    {
        var template = File.ReadAllText(Path.Combine(RepositoryLayout.Root, "hub", "InfluxDB", "influxdb.conf.template"));
        var config = template
            .Replace("@RPC_BIND@", $"{Host}:{_rpcPort}", StringComparison.Ordinal)
            .Replace("@HTTP_BIND@", $"{Host}:{Port}", StringComparison.Ordinal)
            .Replace("@DATA_DIR@", _directory.Path, StringComparison.Ordinal);
        File.WriteAllText(ConfigPath, config);
    }

    private async Task LaunchAsync()
    {
        var startInfo = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("run");
        startInfo.ArgumentList.Add("-config");
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
        while (!await AnswersPingAsync().ConfigureAwait(false))
        {
            if (elapsed.Elapsed > StartTimeout)
                throw StartFailure($"/ping did not answer 204 on {Url} within {StartTimeout.TotalSeconds:0} s");
            await Task.WhenAny(exited, Task.Delay(PollInterval)).ConfigureAwait(false);
            if (exited.IsCompleted)
                throw StartFailure($"it exited with code {process.ExitCode}");
        }
    }

    private async Task<bool> AnswersPingAsync()
    {
        try
        {
            using var response = await _ping.GetAsync(new Uri(Url, "ping")).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.NoContent;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private InvalidOperationException StartFailure(string reason)
    {
        var report = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"influxd did not start ({Executable} run -config {ConfigPath}): {reason}.");
        if (!_output.IsEmpty)
            report.AppendLine().AppendLine("Output:").AppendJoin(Environment.NewLine, _output);
        KillIfRunning();
        Forget();
        return new InvalidOperationException(report.ToString());
    }

    private void KeepOutput(string? line)
    {
        if (line is null)
            return;
        _output.Enqueue(line);
        while (_output.Count > OutputLinesKept && _output.TryDequeue(out _))
        {
        }
    }

    private void KillIfRunning()
    {
        if (_process is { HasExited: false } process)
            process.Kill();
    }

    private void Forget()
    {
        s_running.TryRemove(this, out _);
        _process?.Dispose();
        _process = null;
    }
}
