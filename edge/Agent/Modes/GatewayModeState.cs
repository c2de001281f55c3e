using System.Text.Json;
using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Contract;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Agent.Modes;

/// <summary>
/// The gateway's mode (平战转换) and the command that set it, kept in <c>&lt;dataDirectory&gt;/mode.json</c> so that a
/// restarted gateway stays in the mode the hub ordered and still refuses commands older than that order.
/// </summary>
public sealed class GatewayModeState
{
    public const string FileName = "mode.json";

    private readonly Lock _gate = new();
    private readonly string _path;
    private readonly RulesConfig _rules;
    private readonly ILogger _logger;
    private ModeRecord _record;

    public GatewayModeState(AgentConfig config, ILogger<GatewayModeState> logger)
    {
        _path = Path.Combine(config.DataDirectory, FileName);
        _rules = config.EventRules;
        _logger = logger;
        _record = Load();
    }

    public GatewayMode Current
    {
        get
        {
            lock (_gate)
                return _record.Mode;
        }
    }

    /// <summary>What the current mode changes.</summary>
    public ModeConfig Settings => _rules.For(Current);

    /// <summary>The issue time and id of the command that set the current mode, if a command did.</summary>
    public (DateTimeOffset? IssuedAt, Guid? CommandId) LastCommand
    {
        get
        {
            lock (_gate)
                return (_record.IssuedAt, _record.CommandId);
        }
    }

    /// <summary>Raised after the mode changed, outside the state's lock.</summary>
    public event Action<GatewayMode>? Changed;

    public void Set(GatewayMode mode, DateTimeOffset issuedAt, Guid commandId)
    {
        GatewayMode before;
        lock (_gate)
        {
            before = _record.Mode;
            _record = new ModeRecord(mode, issuedAt, commandId);
            Save(_record);
        }
        if (before != mode)
            Changed?.Invoke(mode);
    }

    private ModeRecord Load()
    {
        try
        {
            var record = JsonSerializer.Deserialize(File.ReadAllBytes(_path), ModeJsonContext.Default.ModeRecord);
            if (record is not null && Enum.IsDefined(record.Mode))
            {
                _logger.LogInformation("Gateway mode {Mode} restored from {Path}", GatewayModes.Code(record.Mode), _path);
                return record;
            }
            _logger.LogError("The mode file {Path} holds no valid mode; starting in normal mode", _path);
        }
        catch (FileNotFoundException)
        {
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            _logger.LogError("The mode file {Path} cannot be read ({Error}); starting in normal mode", _path, e.Message);
        }
        return new ModeRecord(GatewayMode.Normal, null, null);
    }

    private void Save(ModeRecord record)
    {
        try
        {
            var temporary = _path + ".tmp";
            File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(record, ModeJsonContext.Default.ModeRecord));
            File.Move(temporary, _path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The mode is in force anyway; only a restart would forget it.
            _logger.LogError("Could not save the gateway mode to {Path}: {Error}", _path, e.Message);
        }
    }
}

public sealed record ModeRecord(GatewayMode Mode, DateTimeOffset? IssuedAt, Guid? CommandId);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[System.Text.Json.Serialization.JsonSerializable(typeof(ModeRecord))]
internal sealed partial class ModeJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
