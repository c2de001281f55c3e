namespace EdgeSecurity.Hub.Notifications;

/// <summary>Where one notification goes: the subscription's target and, for signed robots, its secret.</summary>
public sealed record ChannelTarget(string Target, string? Secret);

/// <summary>
/// One outbound adapter. <see cref="SendAsync"/> returns null when the receiver took the message, else the reason it
/// did not (its status and error text); it throws only for cancellation. Retrying is the dispatcher's job.
/// </summary>
public interface INotificationChannel
{
    ChannelKind Kind { get; }

    Task<string?> SendAsync(NotificationMessage message, ChannelTarget target, CancellationToken ct);
}
