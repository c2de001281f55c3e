namespace EdgeSecurity.Hub.Notifications;

/// <summary>
/// A form POST to the configured SMS gateway (<see cref="SmsGatewaySettings"/>): the subscription's phone number and
/// the message text (title and lines), plus the configured fixed fields.
/// </summary>
public sealed class SmsGatewayChannel(IHttpClientFactory clients, NotificationSettings settings) : INotificationChannel
{
    public ChannelKind Kind => ChannelKind.Sms;

    public async Task<string?> SendAsync(NotificationMessage message, ChannelTarget target, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(target);
        var sms = settings.Sms;
        if (sms.Url is null)
            return $"no SMS gateway configured ({NotificationSettings.Section}:Sms:Url)";
        var fields = new List<KeyValuePair<string, string>>(sms.Fields) { new(sms.PhoneField, target.Target), new(sms.MessageField, message.Text) };
        using var content = new FormUrlEncodedContent(fields);
        return await HttpDelivery.PostAsync(clients.CreateClient(HttpDelivery.ClientName), sms.Url, content, null, ct).ConfigureAwait(false);
    }
}
