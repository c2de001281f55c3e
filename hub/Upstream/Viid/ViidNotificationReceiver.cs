using System.Text.Json;

namespace EdgeSecurity.Upstream.Viid;

/// <summary>What the subscriber's ReceiveAddr answers, and the notifications that are new.</summary>
public sealed record NotificationReceipt(int HttpStatus, byte[] ResponseBody, IReadOnlyList<SubscribeNotificationObject> Fresh, int Duplicates);

/// <summary>
/// Handles a POST to our ReceiveAddr (<c>/VIID/SubscribeNotifications</c>): reads the SubscribeNotificationListObject,
/// answers a ResponseStatusListObject (status per NotificationID), and passes on each notification once: a pushed
/// notification the 视图库 sends again (it did not get our answer) is confirmed but not passed on twice.
/// </summary>
public sealed class ViidNotificationReceiver(ISeenIds seen, TimeSpan remember, TimeSpan localOffset, TimeProvider time)
{
    public NotificationReceipt Receive(ReadOnlySpan<byte> body, string requestUrl)
    {
        var now = time.GetUtcNow();
        var localTime = ViidTime.Format(now, localOffset);
        if (!TryReadList(body, out var items, out var error))
        {
            var status = new ResponseStatusObject(null, requestUrl, 7, $"Invalid JSON Format: {error}", localTime);
            return new NotificationReceipt(400, ViidResponse.Write(status), [], 0);
        }
        var statuses = new List<ResponseStatusObject>();
        var fresh = new List<SubscribeNotificationObject>();
        var duplicates = 0;
        // Each notification on its own: one malformed notification must not make the 视图库 resend the good ones forever.
        foreach (var item in items)
        {
            var id = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("NotificationID", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            SubscribeNotificationObject? notification;
            try
            {
                notification = item.Deserialize<SubscribeNotificationObject>(ViidJson.Options);
            }
            catch (JsonException e)
            {
                statuses.Add(new ResponseStatusObject(id, requestUrl, 8, $"Invalid JSON Content: {e.Message}", localTime));
                continue;
            }
            if (string.IsNullOrEmpty(notification?.NotificationID) || string.IsNullOrEmpty(notification.SubscribeID))
            {
                statuses.Add(new ResponseStatusObject(id, requestUrl, 8, "Invalid JSON Content: NotificationID and SubscribeID are required", localTime));
                continue;
            }
            if (seen.TryAdd($"viid-notification/{notification.NotificationID}", now + remember))
                fresh.Add(notification);
            else
                duplicates++;
            statuses.Add(new ResponseStatusObject(notification.NotificationID, requestUrl, 0, "OK", localTime));
        }
        return new NotificationReceipt(200, ViidResponse.Write(statuses), fresh, duplicates);
    }

    private static bool TryReadList(ReadOnlySpan<byte> body, out List<JsonElement> items, out string? error)
    {
        items = [];
        try
        {
            var reader = new Utf8JsonReader(body);
            var root = JsonElement.ParseValue(ref reader);
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("SubscribeNotificationListObject", out var list) || list.ValueKind != JsonValueKind.Object
                || !list.TryGetProperty("SubscribeNotificationObject", out var array) || array.ValueKind != JsonValueKind.Array)
            {
                error = "expected {\"SubscribeNotificationListObject\":{\"SubscribeNotificationObject\":[...]}}";
                return false;
            }
            items.AddRange(array.EnumerateArray());
            error = null;
            return true;
        }
        // InvalidOperationException: a property name with a broken \u escape (found by fuzzing the same lookups elsewhere).
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            error = e.Message;
            return false;
        }
    }

    /// <summary>How many objects a notification carries, for logs.</summary>
    public static int ObjectCount(SubscribeNotificationObject notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return (notification.PersonObjectList?.PersonObject.Count ?? 0)
            + (notification.MotorVehicleObjectList?.MotorVehicleObject.Count ?? 0)
            + (notification.NonMotorVehicleObjectList?.NonMotorVehicleObject.Count ?? 0)
            + (notification.DeviceList?.ApeObjects.Count ?? 0);
    }
}
