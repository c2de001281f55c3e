namespace EdgeSecurity.Hub.Notifications;

/// <summary>Hub:Notifications:* (hub/Hub/README.md, "Notifications").</summary>
public sealed class NotificationSettings
{
    public const string Section = "Hub:Notifications";

    public const string DefaultTimeZone = "Asia/Shanghai";

    /// <summary>Names and times in messages are for people on this clock.</summary>
    public string TimeZone { get; set; } = DefaultTimeZone;

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryMinDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>After this many failed attempts a notification is failed for good, with the last reason.</summary>
    public int MaxAttempts { get; set; } = 8;

    public SmsGatewaySettings Sms { get; set; } = new();

    public Uri WeComUrl { get; set; } = new("https://qyapi.weixin.qq.com/cgi-bin/webhook/send");

    public Uri DingTalkUrl { get; set; } = new("https://oapi.dingtalk.com/robot/send");

    /// <summary>
    /// The configured zone. China Standard Time (UTC+8, no daylight saving) is also known without tzdata, so a minimal
    /// container without it still starts with the default.
    /// </summary>
    public TimeZoneInfo Zone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        }
        catch (TimeZoneNotFoundException) when (TimeZone == DefaultTimeZone)
        {
            return TimeZoneInfo.CreateCustomTimeZone(DefaultTimeZone, TimeSpan.FromHours(8), "China Standard Time", "China Standard Time");
        }
    }

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        try
        {
            Zone();
        }
        catch (TimeZoneNotFoundException)
        {
            errors.Add($"{Section}:TimeZone '{TimeZone}' is not a time zone this machine knows (install tzdata, or use e.g. Asia/Shanghai)");
        }
        if (RequestTimeout <= TimeSpan.Zero)
            errors.Add($"{Section}:RequestTimeout must be positive");
        if (RetryMinDelay <= TimeSpan.Zero || RetryMaxDelay < RetryMinDelay)
            errors.Add($"{Section}:RetryMinDelay must be positive and RetryMaxDelay at least as long");
        if (MaxAttempts is < 1 or > 100)
            errors.Add($"{Section}:MaxAttempts must be from 1 to 100");
        return errors;
    }
}

/// <summary>
/// A generic SMS gateway that takes an HTTP form POST (most Chinese SMS providers' simple HTTP interfaces do): the
/// phone number and the text in the named fields, plus fixed fields such as an account and key. Any 2xx is success.
/// </summary>
public sealed class SmsGatewaySettings
{
    /// <summary>None: SMS subscriptions fail with the reason "no SMS gateway configured".</summary>
    public Uri? Url { get; set; }

    public string PhoneField { get; set; } = "phone";

    public string MessageField { get; set; } = "message";

    public Dictionary<string, string> Fields { get; set; } = [];
}
