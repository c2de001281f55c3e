using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;

namespace EdgeSecurity.Testing;

/// <summary>
/// A real PostgreSQL (Debian postgresql) for tests: a fresh cluster in a temp directory, listening on a free loopback
/// port only, trust authentication on loopback, fsync off (tests never crash it). PostgreSQL refuses to run as root, so
/// when the tests run as root the cluster belongs to the 'postgres' user the Debian package creates. Dispose stops it
/// and deletes the directory.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string Binaries = "/usr/lib/postgresql/15/bin";
    private const string ServiceUser = "postgres";
    private const int OutputLinesKept = 60;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly TempDirectory _directory = new("postgres");
    private ServerProcess? _process;

    private PostgresServer()
    {
    }

    public string Host { get; } = "127.0.0.1";

    public int Port { get; private set; }

    private string DataDirectory => _directory.Combine("data");

    private static bool IsRoot => Environment.UserName == "root";

    public static async Task<PostgresServer> StartAsync()
    {
        var server = new PostgresServer();
        try
        {
            await server.InitAsync().ConfigureAwait(false);
            await ServerProcess.StartOnFreePortsAsync(() =>
            {
                server.Port = FreeTcpPort.Next();
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

    /// <summary>A new, empty database on this server, as an Npgsql connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"hub_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name};", connection);
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        return ConnectionString(name);
    }

    /// <summary>A new database on this server, as the hub's settings that store in it.</summary>
    public async Task<string[]> HubSettingsAsync() =>
        ["--Hub:Storage:Provider=postgres", $"--Hub:Storage:Postgres={await CreateDatabaseAsync().ConfigureAwait(false)}"];

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_process is not null)
            await _process.StopAsync(StopTimeout).ConfigureAwait(false);
        _process?.Dispose();
        _process = null;
        _directory.Dispose();
    }

    private string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = Host, Port = Port, Database = database, Username = ServiceUser, Pooling = true }.ToString();

    private async Task InitAsync()
    {
        if (IsRoot)
            await RunAsync("/bin/chown", [ServiceUser, _directory.Path]).ConfigureAwait(false);
        await RunAsync(AsServiceUser($"{Binaries}/initdb"), AsServiceUserArgs($"{Binaries}/initdb",
            ["-D", DataDirectory, "-U", ServiceUser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"])).ConfigureAwait(false);
    }

    private async Task LaunchAsync()
    {
        var executable = $"{Binaries}/postgres";
        _process = ServerProcess.Start(AsServiceUser(executable), AsServiceUserArgs(executable,
        [
            "-D", DataDirectory, "-p", Port.ToString(CultureInfo.InvariantCulture), "-c", $"listen_addresses={Host}",
            "-c", $"unix_socket_directories={_directory.Path}", "-c", "fsync=off", "-c", "full_page_writes=off",
        ]), OutputLinesKept);
        var failure = await _process.WaitUntilReadyAsync(
            () => Task.FromResult(_process.OutputTail.Any(l => l.Contains("ready to accept connections", StringComparison.Ordinal))),
            StartTimeout, "PostgreSQL did not report it was ready").ConfigureAwait(false);
        if (failure is null)
            return;
        var report = new StringBuilder($"postgres did not start on {Host}:{Port}: {failure}.");
        if (_process.OutputTail is { Count: > 0 } output)
            report.AppendLine().AppendLine("Output:").AppendJoin(Environment.NewLine, output);
        _process.Kill();
        _process.Dispose();
        _process = null;
        throw new InvalidOperationException(report.ToString());
    }

    // setpriv execs the server in place (no parent left behind), so stopping the process stops PostgreSQL itself.
    private static string AsServiceUser(string executable) => IsRoot ? "/usr/bin/setpriv" : executable;

    private static IEnumerable<string> AsServiceUserArgs(string executable, IEnumerable<string> args) =>
        IsRoot ? ["--reuid", ServiceUser, "--regid", ServiceUser, "--init-groups", "--", executable, .. args] : args;

    private static async Task RunAsync(string executable, IEnumerable<string> args)
    {
        using var process = Process.Start(new ProcessStartInfo(executable, args) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException($"could not start {executable}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{executable} {string.Join(' ', args)} failed ({process.ExitCode}): {await error.ConfigureAwait(false)}{await output.ConfigureAwait(false)}");
    }
}
