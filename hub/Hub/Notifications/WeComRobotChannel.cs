using System.Text.Json.Nodes;

namespace EdgeSecurity.Hub.Notifications;

/// <summary>
/// A WeChat Work (企业微信) group robot: POST {"msgtype": "markdown", "markdown": {"content": ...}} to the webhook URL
/// with ?key= the robot's key (the subscription's target). The robot answers {"errcode": 0, "errmsg": "ok"}.
/// </summary>
public sealed class WeComRobotChannel(IHttpClientFactory clients, NotificationSettings settings) : INotificationChannel
{
    public ChannelKind Kind => ChannelKind.WeCom;

    public async Task<string?> SendAsync(NotificationMessage message, ChannelTarget target, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(target);
        var markdown = $"**{message.Title}**\n" + string.Join('\n', message.Lines.Skip(1).Select(line => "> " + line));
        var body = new JsonObject { ["msgtype"] = "markdown", ["markdown"] = new JsonObject { ["content"] = markdown } };
        var url = new Uri($"{settings.WeComUrl}?key={Uri.EscapeDataString(target.Target)}");
        using var content = HttpDelivery.Json(body);
        return await HttpDelivery.PostAsync(clients.CreateClient(HttpDelivery.ClientName), url, content, HttpDelivery.RobotAnswer, ct).ConfigureAwait(false);
    }
}
