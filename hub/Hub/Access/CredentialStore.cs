using EdgeSecurity.Hub.Storage;
using System.Data.Common;

namespace EdgeSecurity.Hub.Access;

public enum LoginOutcome { SignedIn, WrongCredentials, LockedOut }

/// <summary>
/// Password checks with lock-out (after <see cref="MaxFailures"/> wrong passwords in a row the login is locked for
/// <see cref="LockOut"/>), and the append-only access audit: every login attempt and every view of unblurred evidence.
/// </summary>
public sealed class CredentialStore(HubDatabase database, TimeProvider clock)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan LockOut = TimeSpan.FromMinutes(15);

    // Verifying against this when the login does not exist costs the same time as a real check, so response times do
    // not tell which logins exist.
    private static readonly string DecoyHash = People.PasswordHashing.Hash(Guid.NewGuid().ToString());

    public async Task<(LoginOutcome Outcome, DateTimeOffset? LockedUntil)> CheckAsync(string login, string password, string? remote, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        string? hash = null;
        DateTimeOffset? lockedUntil = null;
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT password_hash, locked_until FROM people WHERE login = @login;";
            read.Bind("@login", login);
            await using var reader = await read.ExecuteReaderAsync(ct).ConfigureAwait(false);
            if (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                hash = reader.GetString(0);
                lockedUntil = reader.GetNullableTimestamp(1);
            }
        }

        if (lockedUntil > now)
        {
            await AuditAsync(connection, login, remote, "login", "locked_out", null, now, ct).ConfigureAwait(false);
            return (LoginOutcome.LockedOut, lockedUntil);
        }

        var valid = People.PasswordHashing.Verify(password, hash ?? DecoyHash) && hash is not null;
        await using (var update = connection.CreateCommand())
        {
            update.CommandText = valid
                ? "UPDATE people SET failed_logins = 0, locked_until = NULL WHERE login = @login;"
                : "UPDATE people SET failed_logins = failed_logins + 1, " +
                  "locked_until = CASE WHEN failed_logins + 1 >= @max THEN @until ELSE NULL END WHERE login = @login RETURNING locked_until;";
            update.Bind("@login", login);
            update.Bind("@max", MaxFailures);
            update.Bind("@until", DbValues.Timestamp(now + LockOut));
            var lockedNow = await update.ExecuteScalarAsync(ct).ConfigureAwait(false);
            lockedUntil = !valid && lockedNow is string ? now + LockOut : null;
        }
        var outcome = valid ? LoginOutcome.SignedIn : lockedUntil is not null ? LoginOutcome.LockedOut : LoginOutcome.WrongCredentials;
        await AuditAsync(connection, login, remote, "login", ApiNames.Of(outcome), null, now, ct).ConfigureAwait(false);
        return (outcome, lockedUntil);
    }

    public async Task AuditAsync(string login, string? remote, string action, string outcome, string? subject, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await AuditAsync(connection, login, remote, action, outcome, subject, clock.GetUtcNow(), ct).ConfigureAwait(false);
    }

    private static async Task AuditAsync(DbConnection connection, string login, string? remote, string action, string outcome, string? subject, DateTimeOffset at, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO access_audit (at, login, remote, action, outcome, subject) VALUES (@at, @login, @remote, @action, @outcome, @subject);";
        command.Bind("@at", DbValues.Timestamp(at));
        command.Bind("@login", login);
        command.Bind("@remote", DbValues.Nullable(remote));
        command.Bind("@action", action);
        command.Bind("@outcome", outcome);
        command.Bind("@subject", DbValues.Nullable(subject));
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
