using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace EdgeSecurity.Hub.Notifications;

/// <summary>
/// POSTs {"type": "incident.alert", "title", "text", "incident": {...}} as JSON to the subscription's URL, the
/// incident as the API shows it when the notification was sent. With a secret, the header X-EdgeSecurity-Signature carries "sha256=" and the hex
/// HMAC-SHA256 of the body, so the receiver can tell the hub sent it.
/// </summary>
public sealed class WebhookChannel(IHttpClientFactory clients, IOptions<JsonOptions> json) : INotificationChannel
{
    public const string SignatureHeader = "X-EdgeSecurity-Signature";
    public const string MessageType = "incident.alert";

    public ChannelKind Kind => ChannelKind.Webhook;

    public async Task<string?> SendAsync(NotificationMessage message, ChannelTarget target, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(target);
        var body = new JsonObject
        {
            ["type"] = MessageType,
            ["title"] = message.Title,
            ["text"] = message.Text,
            ["incident"] = JsonSerializer.SerializeToNode(message.Incident, json.Value.SerializerOptions),
        }.ToJsonString();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        if (target.Secret is { } secret)
            content.Headers.Add(SignatureHeader, Sign(secret, body));
        return await HttpDelivery.PostAsync(clients.CreateClient(HttpDelivery.ClientName), new Uri(target.Target), content, null, ct).ConfigureAwait(false);
    }

    /// <summary>The header value a receiver computes from the raw body to check <see cref="SignatureHeader"/>.</summary>
    public static string Sign(string secret, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));
}
