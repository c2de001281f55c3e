using EdgeSecurity.Hub.Storage;
using EdgeSecurity.Upstream;

namespace EdgeSecurity.Hub.Forwarding;

/// <summary>
/// Status-callback ids already taken, in the hub's database: a restarted hub, or another hub on the same PostgreSQL
/// database, still recognises a replay. The unique key decides between two hubs taking the same id at once.
/// </summary>
public sealed class DatabaseSeenIds(HubDatabase database, TimeProvider clock) : ISeenIds
{
    // StatusCallbackVerifier asks synchronously; one short insert on a pooled connection.
    public bool TryAdd(string id, DateTimeOffset forgetAfter) => TryAddAsync(id, forgetAfter).GetAwaiter().GetResult();

    /// <summary>Forgets an id whose callback could not be applied, so that the centre's retry is applied rather than called a replay.</summary>
    public async Task ForgetAsync(string id)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None).ConfigureAwait(false);
        await using var command = connection.Command(null, "DELETE FROM upstream_seen_ids WHERE id = @id;").Bind("@id", id);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private async Task<bool> TryAddAsync(string id, DateTimeOffset forgetAfter)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None).ConfigureAwait(false);
        await using var transaction = await database.BeginWriteAsync(connection, CancellationToken.None).ConfigureAwait(false);
        await using (var expire = connection.Command(transaction, "DELETE FROM upstream_seen_ids WHERE forget_after < @now;"))
        {
            expire.Bind("@now", DbValues.Timestamp(clock.GetUtcNow()));
            await expire.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        int added;
        await using (var insert = connection.Command(transaction, "INSERT INTO upstream_seen_ids (id, forget_after) VALUES (@id, @forget) ON CONFLICT (id) DO NOTHING;"))
        {
            insert.Bind("@id", id).Bind("@forget", DbValues.Timestamp(forgetAfter));
            added = await insert.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        await transaction.CommitAsync().ConfigureAwait(false);
        return added == 1;
    }
}
