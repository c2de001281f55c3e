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
    private const int OutputLinesKept = 60;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(1);

    private readonly TempDirectory _directory = new("influxd");
    private readonly HttpClient _ping = new() { Timeout = PingTimeout };
    private ServerProcess? _process;
    private int _rpcPort;

    private InfluxServer()
    {
    }

    public string Host { get; } = "127.0.0.1";

    public int Port { get; private set; }

    public Uri Url => new($"http://{Host}:{Port}/");

    public string ConfigPath => _directory.Combine("influxdb.conf");

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The server's process while it runs, for benchmarks that watch its memory.</summary>
    public int? ProcessId => _process?.Id;

    public string Output => string.Join('\n', _process?.OutputTail ?? []);

    public static async Task<InfluxServer> StartAsync()
    {
        var server = new InfluxServer();
        try
        {
            await ServerProcess.StartOnFreePortsAsync(() =>
            {
                server.Port = FreeTcpPort.Next();
                server._rpcPort = FreeTcpPort.Next();
                server.WriteConfig();
                return server.LaunchAsync();
            }).ConfigureAwait(false);
            return server;
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
        if (_process is null)
            return;
        await _process.StopAsync(StopTimeout).ConfigureAwait(false);
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
        if (_process is not null)
            await _process.KillAsync().ConfigureAwait(false);
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
        _process = ServerProcess.Start(Executable, ["run", "-config", ConfigPath], OutputLinesKept);
        var failure = await _process.WaitUntilReadyAsync(AnswersPingAsync, StartTimeout, $"/ping did not answer 204 on {Url}").ConfigureAwait(false);
        if (failure is not null)
            throw StartFailure(failure);
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
        if (_process?.OutputTail is { Count: > 0 } output)
            report.AppendLine().AppendLine("Output:").AppendJoin(Environment.NewLine, output);
        _process?.Kill();
        Forget();
        return new InvalidOperationException(report.ToString());
    }

    private void Forget()
    {
        _process?.Dispose();
        _process = null;
    }
}
