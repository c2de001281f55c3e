using System.Data.Common;
using EdgeSecurity.Contract;
using EdgeSecurity.Hub.Storage;

namespace EdgeSecurity.Hub.Gateways;

public sealed class GatewayCommandStore(HubDatabase database)
{
    private const string Columns = "command_id, gateway_id, community, command, mode, issued_at, issued_by, note, status, reason, detail, answered_at";

    public async Task AddAsync(GatewayCommand command, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var insert = connection.Command(null,
            $"INSERT INTO gateway_commands ({Columns}) VALUES (@id, @gateway, @community, @command, @mode, @issuedAt, @issuedBy, @note, @status, NULL, NULL, NULL);")
            .Bind("@id", command.CommandId.ToString())
            .Bind("@gateway", command.GatewayId)
            .Bind("@community", command.Community)
            .Bind("@command", command.Command)
            .Bind("@mode", DbValues.Nullable(command.Mode is { } mode ? GatewayModes.Code(mode) : null))
            .Bind("@issuedAt", DbValues.Timestamp(command.IssuedAt))
            .Bind("@issuedBy", command.IssuedBy)
            .Bind("@note", DbValues.Nullable(command.Note))
            .Bind("@status", ApiNames.Of(command.Status));
        await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Records a gateway's answer to a command it was sent; false for an answer to no command of this gateway, or a second answer.</summary>
    public async Task<bool> ApplyResultAsync(CommandResult result, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var update = connection.Command(null,
            "UPDATE gateway_commands SET status = @status, reason = @reason, detail = @detail, answered_at = @at " +
            "WHERE command_id = @id AND gateway_id = @gateway AND answered_at IS NULL;")
            .Bind("@status", ApiNames.Of(result.Outcome == CommandOutcome.Accepted ? CommandStatus.Accepted : CommandStatus.Refused))
            .Bind("@reason", DbValues.Nullable(result.Reason))
            .Bind("@detail", DbValues.Nullable(result.Detail))
            .Bind("@at", DbValues.Timestamp(result.At))
            .Bind("@id", result.CommandId.ToString())
            .Bind("@gateway", result.GatewayId);
        return await update.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
    }

    /// <summary>A gateway's commands, newest first.</summary>
    public async Task<IReadOnlyList<GatewayCommand>> ListAsync(string gatewayId, int limit, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.Command(null, $"SELECT {Columns} FROM gateway_commands WHERE gateway_id = @gateway ORDER BY issued_at DESC LIMIT @limit;")
            .Bind("@gateway", gatewayId)
            .Bind("@limit", limit);
        await using var r = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var commands = new List<GatewayCommand>();
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            commands.Add(Read(r));
        return commands;
    }

    private static GatewayCommand Read(DbDataReader r) => new(
        Guid.Parse(r.GetString(0)), r.GetString(1), r.GetString(2), r.GetString(3), GatewayModes.Parse(r.GetNullableString(4)),
        r.GetTimestamp(5), r.GetString(6), r.GetNullableString(7), ApiNames.Parse<CommandStatus>(r.GetString(8)),
        r.GetNullableString(9), r.GetNullableString(10), r.GetNullableTimestamp(11));
}
