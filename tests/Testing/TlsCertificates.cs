using System.Diagnostics;

namespace EdgeSecurity.Testing;

/// <summary>
/// A CA, a server certificate for 127.0.0.1 and localhost, and client certificates, made by the shipped
/// hub/Broker/make-certs.sh (so the tests exercise the script operators run) in a temp directory.
/// </summary>
public sealed class TlsCertificates : IDisposable
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _directory;

    private TlsCertificates(TempDirectory directory) => _directory = directory;

    public string Directory => _directory.Path;

    public string CaFile => _directory.Combine("ca.pem");

    public string ServerCertFile => _directory.Combine("server.pem");

    public string ServerKeyFile => _directory.Combine("server.key");

    public string CrlFile => _directory.Combine("crl.pem");

    public string ClientCertFile(string client) => _directory.Combine($"clients/{client}.pem");

    public string ClientKeyFile(string client) => _directory.Combine($"clients/{client}.key");

    public static TlsCertificates Make(params string[] clients)
    {
        var directory = new TempDirectory("tls");
        try
        {
            Run(directory.Path, ["--host", "localhost", "--host", "127.0.0.1", .. clients.SelectMany(c => new[] { "--client", c })]);
            return new TlsCertificates(directory);
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    /// <summary>Runs make-certs.sh again on the same directory, e.g. to show it keeps what exists.</summary>
    public void Remake(params string[] arguments) => Run(Directory, arguments);

    public void Dispose() => _directory.Dispose();

    private static void Run(string directory, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(RepositoryLayout.Root, "hub", "Broker", "make-certs.sh"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(directory);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("make-certs.sh did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(ScriptTimeout))
        {
            process.Kill();
            throw new TimeoutException($"make-certs.sh did not finish within {ScriptTimeout}");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"make-certs.sh exited with {process.ExitCode}: {error.Result}{output.Result}");
    }
}
