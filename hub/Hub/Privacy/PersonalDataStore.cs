using System.Data.Common;
using EdgeSecurity.Hub.Storage;

namespace EdgeSecurity.Hub.Privacy;

public sealed record PersonProfile(string Login, string Name, string Role, string? Phone, IReadOnlyList<string> Scopes);

public sealed record SubscriptionRecord(long Id, string Channel, string Target, bool HasSecret, string Types, int MinLevel, string Places, DateTimeOffset CreatedAt);

public sealed record NotificationRecord(long Id, string IncidentId, string Channel, string Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? SentAt);

public sealed record IncidentAuditRecord(string IncidentId, DateTimeOffset At, string Actor, string Action, string State, string? Assignee, string? Note);

public sealed record AccessAuditRecord(DateTimeOffset At, string Login, string? Remote, string Action, string Outcome, string? Subject);

public sealed record ErasureRecord(DateTimeOffset ErasedAt, string ErasedBy);

/// <summary>
/// Everything the hub holds about one person, by login. The care list has no entries of its own at the hub: elderly
/// residents' doors are configured on the gateways (door, hours, quiet hours), without names or phone numbers, so the
/// hub's personal data about anyone is their profile, notification subscriptions and notifications, and the audit
/// entries naming their login.
/// </summary>
public sealed record PersonalDataExport(
    string Login,
    DateTimeOffset ExportedAt,
    PersonProfile? Profile,
    ErasureRecord? Erased,
    IReadOnlyList<object> CareListEntries,
    IReadOnlyList<SubscriptionRecord> Subscriptions,
    IReadOnlyList<NotificationRecord> Notifications,
    IReadOnlyList<IncidentAuditRecord> IncidentAudit,
    IReadOnlyList<AccessAuditRecord> AccessAudit);

/// <summary>Reads one person's data for an export and erases it on request (<c>privacy_erasures</c> remembers who, so the site file does not bring them back).</summary>
public sealed class PersonalDataStore(HubDatabase database, PersonalDataCipher cipher)
{
    /// <summary>Null when the hub has never heard of the login: no profile, no erasure, no audit entry.</summary>
    public async Task<PersonalDataExport?> ExportAsync(string login, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = await database.BeginReadAsync(connection, ct).ConfigureAwait(false);

        var scopes = await ListAsync(connection, transaction, "SELECT place_id FROM person_scopes WHERE login = @login ORDER BY place_id;", login,
            r => r.GetString(0), ct).ConfigureAwait(false);
        var profiles = await ListAsync(connection, transaction, "SELECT login, name, role, phone FROM people WHERE login = @login;", login,
            r => new PersonProfile(r.GetString(0), cipher.Decrypt(r.GetString(1), PersonalColumns.PersonName), r.GetString(2),
                cipher.DecryptNullable(r.GetNullableString(3), PersonalColumns.PersonPhone), scopes), ct).ConfigureAwait(false);
        var erasures = await ListAsync(connection, transaction, "SELECT erased_at, erased_by FROM privacy_erasures WHERE login = @login;", login,
            r => new ErasureRecord(r.GetTimestamp(0), r.GetString(1)), ct).ConfigureAwait(false);
        var subscriptions = await ListAsync(connection, transaction,
            "SELECT id, channel, target, secret, types, min_level, places, created_at FROM notification_subscriptions WHERE login = @login ORDER BY id;", login,
            r => new SubscriptionRecord(r.GetWholeNumber(0), r.GetString(1), cipher.Decrypt(r.GetString(2), PersonalColumns.SubscriptionTarget), !r.IsDBNull(3),
                r.GetString(4), r.GetInt32(5), r.GetString(6), r.GetTimestamp(7)), ct).ConfigureAwait(false);
        var notifications = await ListAsync(connection, transaction,
            "SELECT id, incident_id, channel, status, attempts, created_at, sent_at FROM notifications WHERE login = @login ORDER BY id;", login,
            r => new NotificationRecord(r.GetWholeNumber(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt32(4), r.GetTimestamp(5), r.GetNullableTimestamp(6)), ct)
            .ConfigureAwait(false);
        var incidentAudit = await ListAsync(connection, transaction,
            "SELECT incident_id, at, actor, action, state, assignee, note FROM incident_audit WHERE actor = @login OR assignee = @login ORDER BY seq;", login,
            r => new IncidentAuditRecord(r.GetString(0), r.GetTimestamp(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetNullableString(5), r.GetNullableString(6)), ct)
            .ConfigureAwait(false);
        var accessAudit = await ListAsync(connection, transaction,
            "SELECT at, login, remote, action, outcome, subject FROM access_audit WHERE login = @login OR subject = @login ORDER BY seq;", login,
            r => new AccessAuditRecord(r.GetTimestamp(0), r.GetString(1), r.GetNullableString(2), r.GetString(3), r.GetString(4), r.GetNullableString(5)), ct)
            .ConfigureAwait(false);

        if (profiles.Count == 0 && erasures.Count == 0 && incidentAudit.Count == 0 && accessAudit.Count == 0)
            return null;
        return new PersonalDataExport(login, now, profiles.FirstOrDefault(), erasures.FirstOrDefault(), [], subscriptions, notifications, incidentAudit, accessAudit);
    }

    /// <summary>
    /// Deletes the person (name, phone, password, scopes), their subscriptions and notifications, in one transaction,
    /// and records the erasure; false when there is no such person. The audit trails are append-only and keep the login.
    /// </summary>
    public async Task<bool> EraseAsync(string login, string erasedBy, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = await database.BeginWriteAsync(connection, ct).ConfigureAwait(false);
        if (await ExecuteAsync(connection, transaction, "DELETE FROM people WHERE login = @login;", login, ct).ConfigureAwait(false) == 0)
            return false;
        await ExecuteAsync(connection, transaction, "DELETE FROM person_scopes WHERE login = @login;", login, ct).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, "DELETE FROM notifications WHERE login = @login;", login, ct).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, "DELETE FROM notification_subscriptions WHERE login = @login;", login, ct).ConfigureAwait(false);
        await using (var record = connection.Command(transaction,
            "INSERT INTO privacy_erasures (login, erased_at, erased_by) VALUES (@login, @at, @by) ON CONFLICT (login) DO UPDATE SET erased_at = excluded.erased_at, erased_by = excluded.erased_by;"))
        {
            record.Bind("@login", login).Bind("@at", DbValues.Timestamp(now)).Bind("@by", erasedBy);
            await record.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }

    private static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, string login, CancellationToken ct)
    {
        await using var command = connection.Command(transaction, sql);
        command.Bind("@login", login);
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static async Task<List<T>> ListAsync<T>(DbConnection connection, DbTransaction transaction, string sql, string login, Func<DbDataReader, T> read, CancellationToken ct)
    {
        await using var command = connection.Command(transaction, sql);
        command.Bind("@login", login);
        var items = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            items.Add(read(reader));
        return items;
    }
}
