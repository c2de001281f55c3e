using System.Globalization;
using System.Diagnostics;
using System.Text;
using EdgeSecurity.Hub.Ingestion;

namespace EdgeSecurity.Hub.Enrolment;

/// <summary>
/// Writes mosquitto's password and ACL files from the broker accounts in the database, then tells mosquitto to reload
/// them (SIGHUP to the pid in its pid_file). The database is the one source: every write renders the whole files, so
/// any hub of a deployment writes the same accounts, and a file edited by hand is put right at the next write.
/// </summary>
public sealed class BrokerAccountFiles(BrokerFilesSettings settings, MqttSettings mqtt, ILogger<BrokerAccountFiles> logger) : IDisposable
{
    // The broker must read the files; nobody else may. A file already there keeps its own mode.
    private const UnixFileMode NewFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

    private readonly SemaphoreSlim _writing = new(1, 1);

    public bool IsConfigured => settings.IsConfigured;

    /// <exception cref="BrokerProvisioningException">A file could not be written or the broker not be told.</exception>
    public async Task WriteAsync(IReadOnlyList<BrokerAccount> gateways, CancellationToken ct)
    {
        if (!settings.IsConfigured)
            return;

        await _writing.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var hubHash = mqtt.Password is { Length: > 0 } password ? MosquittoPasswordHash.Hash(password) : null;
            await ReplaceAsync(settings.PasswordFile!, BrokerAcl.RenderPasswords(mqtt.Username, hubHash, gateways), ct).ConfigureAwait(false);
            if (!string.IsNullOrWhiteSpace(settings.AclFile))
                await ReplaceAsync(settings.AclFile, BrokerAcl.Render(mqtt.Username, gateways), ct).ConfigureAwait(false);
            Reload();
            logger.LogInformation("Broker accounts written ({Gateways} gateway(s)) to {PasswordFile} and {AclFile}", gateways.Count, settings.PasswordFile, settings.AclFile);
        }
        finally
        {
            _writing.Release();
        }
    }

    public void Dispose() => _writing.Dispose();

    /// <summary>A temporary file beside the target, flushed to disk, then renamed over it: mosquitto never reads half a file.</summary>
    private static async Task ReplaceAsync(string path, string content, CancellationToken ct)
    {
        var full = Path.GetFullPath(path);
        var temporary = $"{full}.{Guid.NewGuid():N}.tmp";
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
                options.UnixCreateMode = File.Exists(full) ? File.GetUnixFileMode(full) : NewFileMode;
            await using (var stream = new FileStream(temporary, options))
            {
                await stream.WriteAsync(Encoding.UTF8.GetBytes(content), ct).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            throw new BrokerProvisioningException($"cannot write the broker's account file {full}: {e.Message}", e);
        }
    }

    private void Reload()
    {
        if (string.IsNullOrWhiteSpace(settings.PidFile))
            return;

        string text;
        try
        {
            text = File.ReadAllText(settings.PidFile).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BrokerProvisioningException($"cannot read the broker's pid file {settings.PidFile}: {e.Message}; is mosquitto running with pid_file set?", e);
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid <= 1)
            throw new BrokerProvisioningException($"the broker's pid file {settings.PidFile} holds '{text}', not a process id");
        // /bin/kill rather than a P/Invoke: the hub has no native code of its own, and its message names the problem.
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-HUP", pid.ToString(CultureInfo.InvariantCulture)]) { RedirectStandardError = true })
            ?? throw new BrokerProvisioningException("cannot run kill to tell the broker to reload");
        var problem = kill.StandardError.ReadToEnd().Trim();
        kill.WaitForExit();
        if (kill.ExitCode != 0)
            throw new BrokerProvisioningException($"cannot tell the broker (pid {pid} from {settings.PidFile}) to reload: {problem}; is mosquitto running, as the hub's user?");
    }
}

public sealed class BrokerProvisioningException : Exception
{
    public BrokerProvisioningException()
    {
    }

    public BrokerProvisioningException(string message)
        : base(message)
    {
    }

    public BrokerProvisioningException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
