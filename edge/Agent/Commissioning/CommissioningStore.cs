using System.Text.Json;
using EdgeSecurity.Agent.Configuration;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Agent.Commissioning;

/// <summary>
/// <c>&lt;dataDirectory&gt;/commissioning.json</c>: read at start, replaced whole (written beside it, then renamed) at
/// every change, so a crash or power cut leaves the old file or the new one, never half of one.
/// </summary>
public sealed class CommissioningStore
{
    public const string FileName = "commissioning.json";

    private readonly Lock _gate = new();
    private readonly string _path;
    private readonly ILogger<CommissioningStore> _logger;
    private CommissioningRecord _record;

    public CommissioningStore(AgentConfig config, ILogger<CommissioningStore> logger)
    {
        _path = PathIn(config.DataDirectory);
        _logger = logger;
        _record = Read(_path, config.Gateway.Id, logger);
    }

    public static string PathIn(string dataDirectory) => System.IO.Path.Combine(dataDirectory, FileName);

    public string Path => _path;

    public CommissioningRecord Current
    {
        get
        {
            lock (_gate)
                return _record;
        }
    }

    /// <summary>Applies a change and saves it; a failed save is logged (the result stays in memory for this run).</summary>
    public void Update(Func<CommissioningRecord, CommissioningRecord> change)
    {
        lock (_gate)
        {
            _record = change(_record);
            try
            {
                var temporary = _path + ".tmp";
                using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write))
                {
                    JsonSerializer.Serialize(file, _record, CommissioningJsonContext.Default.CommissioningRecord);
                    file.Flush(flushToDisk: true);
                }
                File.Move(temporary, _path, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _logger.LogError("Could not save the commissioning results to {Path}: {Error}", _path, e.Message);
            }
        }
    }

    /// <summary>The file as the CLI reads it for the report; null when there is none yet.</summary>
    /// <exception cref="JsonException">The file is not a commissioning record.</exception>
    public static CommissioningRecord? Load(string path) =>
        File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllBytes(path), CommissioningJsonContext.Default.CommissioningRecord) : null;

    private static CommissioningRecord Read(string path, string gatewayId, ILogger logger)
    {
        var empty = new CommissioningRecord(1, gatewayId, new Dictionary<string, DeviceFiring>(), null, null);
        try
        {
            return Load(path) is { } record ? record with { GatewayId = gatewayId } : empty;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            logger.LogError("The commissioning results {Path} cannot be read ({Error}); starting with none", path, e.Message);
            return empty;
        }
    }
}
