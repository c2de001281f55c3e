using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EdgeSecurity.Testing;

/// <summary>
/// A real mosquitto broker for tests: its own loopback port, config, persistence and log in a temp directory.
/// Dispose kills it and deletes the directory; brokers still running when the test process exits are killed too.
/// </summary>
public sealed class MosquittoBroker : IAsyncDisposable
{
    private const string Executable = "/usr/sbin/mosquitto";
    private const int OutputLinesKept = 50;
    private const int LogLinesReported = 30;
    private static readonly TimeSpan ConnectProbeTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly MosquittoBrokerOptions _options;
    private readonly TempDirectory _directory = new("mosquitto");
    private ServerProcess? _process;

    private MosquittoBroker(MosquittoBrokerOptions options) => _options = options;

    public string Host { get; } = "127.0.0.1";

    public int Port { get; private set; }

    /// <summary>The TLS listener's port when the options ask for one; 0 otherwise.</summary>
    public int TlsPort { get; private set; }

    public string LogPath => _directory.Combine("mosquitto.log");

    public string ConfigPath => _directory.Combine("mosquitto.conf");

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The server's process while it runs, for benchmarks that watch its memory.</summary>
    public int? ProcessId => _process?.Id;

    public static async Task<MosquittoBroker> StartAsync(MosquittoBrokerOptions? options = null)
    {
        var broker = new MosquittoBroker(options ?? new MosquittoBrokerOptions());
        try
        {
            await ServerProcess.StartOnFreePortsAsync(() =>
            {
                broker.Port = FreeTcpPort.Next();
                broker.TlsPort = broker._options.Tls is null ? 0 : FreeTcpPort.Next();
                broker.WriteConfig();
                return broker.LaunchAsync();
            }).ConfigureAwait(false);
            return broker;
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
        if (_process is null)
        {
            return;
        }

        await _process.StopAsync(StopTimeout).ConfigureAwait(false);
        Forget();
    }

    /// <summary>SIGKILL: no clean shutdown, nothing saved since the last autosave.</summary>
    public async Task KillAsync()
    {
        if (_process is null)
        {
            return;
        }

        await _process.KillAsync().ConfigureAwait(false);
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
            // As the shipped configuration: without it a message sent right after another small one waits ~40 ms.
            "set_tcp_nodelay true",
            "max_inflight_messages 1000",
            $"log_dest file {LogPath}",
            _options.LogEveryPacket ? "log_type all" : "log_type notice",
            "log_timestamp_format %Y-%m-%dT%H:%M:%S",
            // Started as root, mosquitto switches to the user "mosquitto", who cannot write to this directory.
            $"user {Environment.UserName}",
            .. _options.ExtraConfig,
            .. TlsListener(),
        ];
        File.WriteAllLines(ConfigPath, lines);
    }

    /// <summary>Last, so listener-specific lines of ExtraConfig stay with the first listener.</summary>
    private IEnumerable<string> TlsListener()
    {
        if (_options.Tls is not { } tls)
            return [];
        return
        [
            $"listener {TlsPort} {Host}",
            $"cafile {tls.CaFile}",
            $"certfile {tls.ServerCertFile}",
            $"keyfile {tls.ServerKeyFile}",
            $"require_certificate {(_options.RequireClientCertificate ? "true" : "false")}",
            $"crlfile {tls.CrlFile}",
        ];
    }

    private async Task LaunchAsync()
    {
        _process = ServerProcess.Start(Executable, ["-c", ConfigPath], OutputLinesKept);
        var failure = await _process.WaitUntilReadyAsync(AcceptsConnectionsAsync, _options.StartTimeout, $"it did not accept connections on {Host}:{Port}").ConfigureAwait(false);
        if (failure is not null)
        {
            throw StartFailure(failure);
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

        if (_process?.OutputTail is { Count: > 0 } output)
        {
            report.AppendLine().AppendLine("Output:").AppendJoin(Environment.NewLine, output);
        }

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
