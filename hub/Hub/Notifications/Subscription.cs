namespace EdgeSecurity.Hub.Notifications;

/// <summary>Where a notification goes. Each kind is one adapter (<see cref="INotificationChannel"/>).</summary>
public enum ChannelKind { Webhook, Sms, WeCom, DingTalk }

/// <summary>
/// One person's wish to be told about new incidents: by which channel, to which target (a URL for a webhook, a phone
/// number for SMS, the robot's key for WeCom, the robot's access token for DingTalk), and for which event types or
/// families, warning levels and places (empty lists: all the person may see). Only incidents the person may see are
/// ever sent. The DingTalk signing secret is kept but never returned (<see cref="HasSecret"/>).
/// </summary>
public sealed record Subscription(long Id, string Login, ChannelKind Channel, string Target, bool HasSecret, IReadOnlyList<string> Types,
    int MinLevel, IReadOnlyList<string> Places, DateTimeOffset CreatedAt);

/// <summary>POST /api/notifications/subscriptions as received.</summary>
public sealed record SubscriptionRequest(string? Login, string? Channel, string? Target, string? Secret, IReadOnlyList<string>? Types, int? MinLevel, IReadOnlyList<string>? Places);

public enum DeliveryStatus { Pending, Sent, Failed }

/// <summary>One notification of one incident to one subscription, and how its delivery went.</summary>
public sealed record NotificationRecord(long Id, long SubscriptionId, string Login, ChannelKind Channel, Guid IncidentId, DeliveryStatus Status, int Attempts,
    string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt, DateTimeOffset? SentAt);
