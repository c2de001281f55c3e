using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace EdgeSecurity.Hub.Notifications;

/// <summary>
/// A DingTalk (钉钉) group robot: POST {"msgtype": "markdown", "markdown": {"title", "text"}} to the robot URL with
/// ?access_token= (the subscription's target). A robot with 加签 security also gets &amp;timestamp= (milliseconds) and
/// &amp;sign= Base64(HMAC-SHA256(secret, timestamp + "\n" + secret)), URL-encoded. It answers {"errcode": 0, ...}.
/// </summary>
public sealed class DingTalkRobotChannel(IHttpClientFactory clients, NotificationSettings settings, TimeProvider clock) : INotificationChannel
{
    public ChannelKind Kind => ChannelKind.DingTalk;

    public async Task<string?> SendAsync(NotificationMessage message, ChannelTarget target, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(target);
        var text = $"### {message.Title}\n\n" + string.Join("\n\n", message.Lines.Skip(1));
        var body = new JsonObject { ["msgtype"] = "markdown", ["markdown"] = new JsonObject { ["title"] = message.Title, ["text"] = text } };
        var query = $"?access_token={Uri.EscapeDataString(target.Target)}";
        if (target.Secret is { } secret)
        {
            var timestamp = clock.GetUtcNow().ToUnixTimeMilliseconds();
            query += $"&timestamp={timestamp.ToString(CultureInfo.InvariantCulture)}&sign={Uri.EscapeDataString(Sign(secret, timestamp))}";
        }
        using var content = HttpDelivery.Json(body);
        return await HttpDelivery.PostAsync(clients.CreateClient(HttpDelivery.ClientName), new Uri(settings.DingTalkUrl + query), content, HttpDelivery.RobotAnswer, ct)
            .ConfigureAwait(false);
    }

    /// <summary>DingTalk's sign parameter before URL encoding.</summary>
    public static string Sign(string secret, long timestampMilliseconds)
    {
        var toSign = $"{timestampMilliseconds.ToString(CultureInfo.InvariantCulture)}\n{secret}";
        return Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(toSign)));
    }
}
