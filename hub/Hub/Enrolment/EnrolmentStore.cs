using System.Data.Common;
using EdgeSecurity.Hub.Storage;

namespace EdgeSecurity.Hub.Enrolment;

public enum RedeemOutcome { Redeemed, UnknownCode, Expired, Used, Revoked }

/// <summary>Enrolment codes and the gateways' broker accounts in the hub's database.</summary>
public sealed class EnrolmentStore(HubDatabase database, TimeProvider clock)
{
    private const string Columns = "id, gateway_id, community, issued_by, issued_at, expires_at, redeemed_at, revoked_at, revoked_by";
    private const string AccountColumns = "gateway_id, community, created_at";

    public async Task<IssuedEnrolmentCode> IssueAsync(string gatewayId, string community, string issuedBy, TimeSpan validFor, CancellationToken ct)
    {
        var code = EnrolmentCodeText.NewCode();
        var now = clock.GetUtcNow();
        var issued = new IssuedEnrolmentCode(code, Guid.CreateVersion7(now).ToString(), gatewayId, community, issuedBy, now, now + validFor);
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var insert = connection.Command(null,
            $"INSERT INTO enrolment_codes (code_hash, {Columns}) VALUES (@hash, @id, @gateway, @community, @by, @at, @expires, NULL, NULL, NULL);")
            .Bind("@hash", EnrolmentCodeText.Hash(EnrolmentCodeText.Normalize(code)!))
            .Bind("@id", issued.Id)
            .Bind("@gateway", gatewayId)
            .Bind("@community", community)
            .Bind("@by", issuedBy)
            .Bind("@at", DbValues.Timestamp(now))
            .Bind("@expires", DbValues.Timestamp(issued.ExpiresAt));
        await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        return issued;
    }

    /// <summary>Codes, newest first; of one gateway when given.</summary>
    public async Task<IReadOnlyList<EnrolmentCodeInfo>> ListAsync(string? gatewayId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        // Two texts rather than "@gateway IS NULL OR ...": PostgreSQL cannot type a parameter that is only ever NULL.
        await using var command = connection.Command(null,
            $"SELECT {Columns} FROM enrolment_codes {(gatewayId is null ? "" : "WHERE gateway_id = @gateway ")}ORDER BY issued_at DESC, id DESC LIMIT 500;");
        if (gatewayId is not null)
            command.Bind("@gateway", gatewayId);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var codes = new List<EnrolmentCodeInfo>();
        var now = clock.GetUtcNow();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            codes.Add(Read(reader, now));
        return codes;
    }

    /// <summary>Revokes a code not yet redeemed; the code as it is now, or null when there is no such code.</summary>
    public async Task<EnrolmentCodeInfo?> RevokeAsync(string id, string revokedBy, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using (var update = connection.Command(null,
            "UPDATE enrolment_codes SET revoked_at = @at, revoked_by = @by WHERE id = @id AND redeemed_at IS NULL AND revoked_at IS NULL;")
            .Bind("@at", DbValues.Timestamp(now))
            .Bind("@by", revokedBy)
            .Bind("@id", id))
        {
            await update.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await using var read = connection.Command(null, $"SELECT {Columns} FROM enrolment_codes WHERE id = @id;").Bind("@id", id);
        await using var reader = await read.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? Read(reader, now) : null;
    }

    /// <summary>
    /// Redeems a code once: marks it used, replaces the gateway's broker account with a new password, and hands every
    /// account to <paramref name="provision"/> before committing. If provisioning fails nothing is stored and the code
    /// can be used again.
    /// </summary>
    public async Task<(RedeemOutcome Outcome, EnrolmentCodeInfo? Code, string? Password)> RedeemAsync(
        string normalizedCode, Func<IReadOnlyList<BrokerAccount>, CancellationToken, Task> provision, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = await database.BeginWriteAsync(connection, ct).ConfigureAwait(false);
        EnrolmentCodeInfo? code;
        await using (var read = connection.Command(transaction, $"SELECT {Columns} FROM enrolment_codes WHERE code_hash = @hash;")
            .Bind("@hash", EnrolmentCodeText.Hash(normalizedCode)))
        await using (var reader = await read.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            code = await reader.ReadAsync(ct).ConfigureAwait(false) ? Read(reader, now) : null;
        }

        var refused = code?.Status switch
        {
            null => RedeemOutcome.UnknownCode,
            EnrolmentCodeStatus.Expired => RedeemOutcome.Expired,
            EnrolmentCodeStatus.Redeemed => RedeemOutcome.Used,
            EnrolmentCodeStatus.Revoked => RedeemOutcome.Revoked,
            _ => (RedeemOutcome?)null,
        };
        if (refused is { } outcome)
            return (outcome, code, null);

        await using (var use = connection.Command(transaction,
            "UPDATE enrolment_codes SET redeemed_at = @at WHERE id = @id AND redeemed_at IS NULL AND revoked_at IS NULL;")
            .Bind("@at", DbValues.Timestamp(now))
            .Bind("@id", code!.Id))
        {
            // Another hub of the same PostgreSQL database redeemed it between our read and this update.
            if (await use.ExecuteNonQueryAsync(ct).ConfigureAwait(false) != 1)
                return (RedeemOutcome.Used, code, null);
        }

        var password = MosquittoPasswordHash.NewPassword();
        await using (var delete = connection.Command(transaction, "DELETE FROM broker_accounts WHERE gateway_id = @gateway OR username = @gateway;")
            .Bind("@gateway", code.GatewayId))
        {
            await delete.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await using (var insert = connection.Command(transaction,
            "INSERT INTO broker_accounts (username, gateway_id, community, password_hash, created_at) VALUES (@gateway, @gateway, @community, @hash, @at);")
            .Bind("@gateway", code.GatewayId)
            .Bind("@community", code.Community)
            .Bind("@hash", MosquittoPasswordHash.Hash(password))
            .Bind("@at", DbValues.Timestamp(now)))
        {
            await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        await provision(await AccountsAsync(connection, transaction, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return (RedeemOutcome.Redeemed, code with { RedeemedAt = now, Status = EnrolmentCodeStatus.Redeemed }, password);
    }

    /// <summary>The gateways' broker accounts, by gateway id.</summary>
    public async Task<IReadOnlyList<BrokerAccountInfo>> AccountListAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.Command(null, $"SELECT {AccountColumns} FROM broker_accounts ORDER BY gateway_id;");
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var accounts = new List<BrokerAccountInfo>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            accounts.Add(ReadAccount(reader));
        return accounts;
    }

    /// <summary>
    /// Removes a gateway's broker account and hands the remaining accounts to <paramref name="provision"/> before
    /// committing, so the broker refuses the gateway from then on; if provisioning fails the account stays. The removed
    /// account, or null when the gateway has none.
    /// </summary>
    public async Task<BrokerAccountInfo?> RemoveAccountAsync(
        string gatewayId, Func<IReadOnlyList<BrokerAccount>, CancellationToken, Task> provision, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = await database.BeginWriteAsync(connection, ct).ConfigureAwait(false);
        BrokerAccountInfo? account;
        await using (var read = connection.Command(transaction, $"SELECT {AccountColumns} FROM broker_accounts WHERE gateway_id = @gateway;")
            .Bind("@gateway", gatewayId))
        await using (var reader = await read.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            account = await reader.ReadAsync(ct).ConfigureAwait(false) ? ReadAccount(reader) : null;
        }
        if (account is null)
            return null;

        await using (var delete = connection.Command(transaction, "DELETE FROM broker_accounts WHERE gateway_id = @gateway;").Bind("@gateway", gatewayId))
        {
            await delete.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await provision(await AccountsAsync(connection, transaction, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return account;
    }

    public async Task<IReadOnlyList<BrokerAccount>> AccountsAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        return await AccountsAsync(connection, null, ct).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<BrokerAccount>> AccountsAsync(DbConnection connection, DbTransaction? transaction, CancellationToken ct)
    {
        await using var command = connection.Command(transaction, "SELECT username, gateway_id, community, password_hash FROM broker_accounts ORDER BY username;");
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var accounts = new List<BrokerAccount>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            accounts.Add(new BrokerAccount(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        return accounts;
    }

    private static BrokerAccountInfo ReadAccount(DbDataReader r) => new(r.GetString(0), r.GetString(1), r.GetTimestamp(2));

    private static EnrolmentCodeInfo Read(DbDataReader r, DateTimeOffset now)
    {
        var expiresAt = r.GetTimestamp(5);
        var redeemedAt = r.GetNullableTimestamp(6);
        var revokedAt = r.GetNullableTimestamp(7);
        var status = redeemedAt is not null ? EnrolmentCodeStatus.Redeemed
            : revokedAt is not null ? EnrolmentCodeStatus.Revoked
            : expiresAt <= now ? EnrolmentCodeStatus.Expired
            : EnrolmentCodeStatus.Pending;
        return new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetTimestamp(4), expiresAt, redeemedAt, revokedAt, r.GetNullableString(8), status);
    }
}
