using System.Data.Common;
using EdgeSecurity.Hub.Incidents;
using EdgeSecurity.Hub.Privacy;
using EdgeSecurity.Hub.Storage;

namespace EdgeSecurity.Hub.Notifications;

/// <summary>A notification due for sending, with where it goes.</summary>
public sealed record DueNotification(long Id, Guid IncidentId, ChannelKind Channel, ChannelTarget? Target, int Attempts, DateTimeOffset NextAttemptAt);

/// <summary>
/// Subscriptions and notifications in the hub's database. A notification is unique per subscription and incident, so
/// hubs sharing a database (each seeing the incident on its own feed) queue it once; a hub claims a due notification
/// by moving its next attempt forward conditionally, so two hubs never send the same one at once. Targets (phone
/// numbers, robot keys, URLs) and secrets are stored encrypted.
/// </summary>
public sealed class NotificationStore(HubDatabase database, PersonalDataCipher cipher)
{
    private const string SubscriptionColumns = "id, login, channel, target, secret, types, min_level, places, created_at";

    public async Task<IReadOnlyList<(Subscription Subscription, string? Secret)>> SubscriptionsAsync(string? login, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.Command(null,
            $"SELECT {SubscriptionColumns} FROM notification_subscriptions{(login is null ? "" : " WHERE login = @login")} ORDER BY id;");
        if (login is not null)
            command.Bind("@login", login);
        var items = new List<(Subscription, string?)>();
        await using var r = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            var secret = cipher.DecryptNullable(r.GetNullableString(4), PersonalColumns.SubscriptionSecret);
            items.Add((new Subscription(r.GetWholeNumber(0), r.GetString(1), ApiNames.Parse<ChannelKind>(r.GetString(2)),
                cipher.Decrypt(r.GetString(3), PersonalColumns.SubscriptionTarget), secret is not null,
                List(r.GetString(5)), r.GetInt32(6), List(r.GetString(7)), r.GetTimestamp(8)), secret));
        }
        return items;
    }

    public async Task<Subscription> AddSubscriptionAsync(string login, ChannelKind channel, string target, string? secret, IReadOnlyList<string> types, int minLevel,
        IReadOnlyList<string> places, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.Command(null,
            "INSERT INTO notification_subscriptions (login, channel, target, secret, types, min_level, places, created_at) " +
            "VALUES (@login, @channel, @target, @secret, @types, @minLevel, @places, @now) RETURNING id;");
        command.Bind("@login", login);
        command.Bind("@channel", ApiNames.Of(channel));
        command.Bind("@target", cipher.Encrypt(target, PersonalColumns.SubscriptionTarget));
        command.Bind("@secret", DbValues.Nullable(cipher.EncryptNullable(secret, PersonalColumns.SubscriptionSecret)));
        command.Bind("@types", string.Join(',', types));
        command.Bind("@minLevel", minLevel);
        command.Bind("@places", string.Join(',', places));
        command.Bind("@now", DbValues.Timestamp(now));
        var id = Convert.ToInt64(await command.ExecuteScalarAsync(ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        return new Subscription(id, login, channel, target, secret is not null, types, minLevel, places, now);
    }

    /// <summary>False when there is no such subscription of <paramref name="login"/> (any person's when null).</summary>
    public async Task<bool> DeleteSubscriptionAsync(long id, string? login, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.Command(null, $"DELETE FROM notification_subscriptions WHERE id = @id{(login is null ? "" : " AND login = @login")};");
        command.Bind("@id", id);
        if (login is not null)
            command.Bind("@login", login);
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) > 0;
    }

    /// <summary>Queues one notification per subscription; one already queued for the incident (earlier, or by another hub) is left as it is.</summary>
    public async Task EnqueueAsync(Incident incident, IEnumerable<Subscription> subscriptions, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = await database.BeginWriteAsync(connection, ct).ConfigureAwait(false);
        foreach (var subscription in subscriptions)
        {
            await using var command = connection.Command(transaction,
                "INSERT INTO notifications (subscription_id, incident_id, login, channel, status, attempts, created_at, next_attempt_at) " +
                "VALUES (@subscription, @incident, @login, @channel, @pending, 0, @now, @now) ON CONFLICT (subscription_id, incident_id) DO NOTHING;");
            command.Bind("@subscription", subscription.Id);
            command.Bind("@incident", incident.Id.ToString());
            command.Bind("@login", subscription.Login);
            command.Bind("@channel", ApiNames.Of(subscription.Channel));
            command.Bind("@pending", ApiNames.Of(DeliveryStatus.Pending));
            command.Bind("@now", DbValues.Timestamp(now));
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Pending notifications whose attempt is due, oldest first, with their subscription's target (null when it was deleted).</summary>
    public async Task<IReadOnlyList<DueNotification>> DueAsync(DateTimeOffset now, int limit, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.Command(null,
            "SELECT n.id, n.incident_id, n.channel, s.target, s.secret, n.attempts, n.next_attempt_at FROM notifications n " +
            "LEFT JOIN notification_subscriptions s ON s.id = n.subscription_id " +
            "WHERE n.status = @pending AND n.next_attempt_at <= @now ORDER BY n.next_attempt_at, n.id LIMIT @limit;");
        command.Bind("@pending", ApiNames.Of(DeliveryStatus.Pending));
        command.Bind("@now", DbValues.Timestamp(now));
        command.Bind("@limit", limit);
        var items = new List<DueNotification>();
        await using var r = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            var target = r.GetNullableString(3) is { } t
                ? new ChannelTarget(cipher.Decrypt(t, PersonalColumns.SubscriptionTarget), cipher.DecryptNullable(r.GetNullableString(4), PersonalColumns.SubscriptionSecret))
                : null;
            items.Add(new DueNotification(r.GetWholeNumber(0), Guid.Parse(r.GetString(1)), ApiNames.Parse<ChannelKind>(r.GetString(2)), target, r.GetInt32(5), r.GetTimestamp(6)));
        }
        return items;
    }

    /// <summary>When the next pending notification is due, or null when none is pending.</summary>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.Command(null, "SELECT min(next_attempt_at) FROM notifications WHERE status = @pending;");
        command.Bind("@pending", ApiNames.Of(DeliveryStatus.Pending));
        await using var r = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false) ? r.GetNullableTimestamp(0) : null;
    }

    /// <summary>Takes a due notification for one attempt: its next attempt moves to <paramref name="leaseUntil"/>, so no other hub takes it meanwhile.</summary>
    public async Task<bool> TryClaimAsync(DueNotification due, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.Command(null,
            "UPDATE notifications SET next_attempt_at = @lease WHERE id = @id AND status = @pending AND next_attempt_at = @due;");
        command.Bind("@lease", DbValues.Timestamp(leaseUntil));
        command.Bind("@id", due.Id);
        command.Bind("@pending", ApiNames.Of(DeliveryStatus.Pending));
        command.Bind("@due", DbValues.Timestamp(due.NextAttemptAt));
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
    }

    /// <summary>
    /// Records an attempt: sent, failed for good, or pending again at <paramref name="retryAt"/> with the reason. A success keeps
    /// the last failure's reason, so one that needed retries shows why.
    /// </summary>
    public async Task RecordAttemptAsync(long id, DeliveryStatus status, string? error, DateTimeOffset now, DateTimeOffset? retryAt, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.Command(null,
            "UPDATE notifications SET status = @status, attempts = attempts + 1, last_error = coalesce(@error, last_error), next_attempt_at = @retryAt, " +
            "sent_at = @sentAt WHERE id = @id;");
        command.Bind("@status", ApiNames.Of(status));
        command.Bind("@error", DbValues.Nullable(error));
        command.Bind("@retryAt", DbValues.Nullable(retryAt));
        command.Bind("@sentAt", DbValues.Nullable(status == DeliveryStatus.Sent ? now : null));
        command.Bind("@id", id);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>The newest notifications of <paramref name="login"/> (of everyone when null), optionally of one incident.</summary>
    public async Task<IReadOnlyList<NotificationRecord>> NotificationsAsync(string? login, Guid? incident, int limit, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.Command(null,
            "SELECT id, subscription_id, login, channel, incident_id, status, attempts, last_error, created_at, next_attempt_at, sent_at FROM notifications " +
            $"WHERE 1 = 1{(login is null ? "" : " AND login = @login")}{(incident is null ? "" : " AND incident_id = @incident")} ORDER BY id DESC LIMIT @limit;");
        if (login is not null)
            command.Bind("@login", login);
        if (incident is not null)
            command.Bind("@incident", incident.Value.ToString());
        command.Bind("@limit", limit);
        var items = new List<NotificationRecord>();
        await using var r = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            var status = ApiNames.Parse<DeliveryStatus>(r.GetString(5));
            items.Add(new NotificationRecord(r.GetWholeNumber(0), r.GetWholeNumber(1), r.GetString(2), ApiNames.Parse<ChannelKind>(r.GetString(3)), Guid.Parse(r.GetString(4)),
                status, r.GetInt32(6), r.GetNullableString(7), r.GetTimestamp(8), status == DeliveryStatus.Pending ? r.GetNullableTimestamp(9) : null, r.GetNullableTimestamp(10)));
        }
        return items;
    }

    private static string[] List(string text) => text.Length == 0 ? [] : text.Split(',');
}
