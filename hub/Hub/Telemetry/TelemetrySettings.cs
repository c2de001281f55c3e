namespace EdgeSecurity.Hub.Telemetry;

/// <summary>The "Hub:Telemetry" configuration section: where telemetry goes, how it is batched, how long it is kept.</summary>
public sealed class TelemetrySettings
{
    public const string Section = "Hub:Telemetry";

    /// <summary>InfluxDB's HTTP address.</summary>
    public Uri Url { get; set; } = new("http://127.0.0.1:8086/");

    /// <summary>InfluxDB 1.x database (v1 API); created with its retention policies at start.</summary>
    public string Database { get; set; } = "edgesecurity";

    /// <summary>Set with <see cref="Bucket"/> to write through the v2 API (/api/v2/write); no schema set-up then.</summary>
    public string? Org { get; set; }

    public string? Bucket { get; set; }

    /// <summary>Sent as "Authorization: Token …" on every request when set.</summary>
    public string? Token { get; set; }

    public TelemetryPrecision Precision { get; set; } = TelemetryPrecision.Milliseconds;

    /// <summary>Points per request; InfluxDB's guidance is 5,000 to 10,000.</summary>
    public int BatchSize { get; set; } = 5000;

    /// <summary>Uncompressed bytes per request, well under InfluxDB's default 25 MB body limit.</summary>
    public int MaxBatchBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>A batch that is not full is sent this long after its first point.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Points waiting in memory; beyond it new points are dropped and counted (an outage must not exhaust memory).</summary>
    public int QueueCapacity { get; set; } = 200_000;

    /// <summary>Disk kept for batches InfluxDB could not take; beyond it the oldest spooled points are dropped.</summary>
    public int SpoolMegabytes { get; set; } = 256;

    public bool Gzip { get; set; } = true;

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>First wait before resending a batch after a 5xx, a timeout or a refused connection; doubles up to RetryMaxDelay.</summary>
    public TimeSpan RetryMinDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The default retention policy, where raw telemetry lands.</summary>
    public string RawRetentionPolicy { get; set; } = "raw";

    public TimeSpan RawRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Where the continuous query writes the downsampled means.</summary>
    public string DownsampledRetentionPolicy { get; set; } = "year";

    public TimeSpan DownsampledRetention { get; set; } = TimeSpan.FromDays(365);

    public TimeSpan DownsampleInterval { get; set; } = TimeSpan.FromMinutes(1);

    public string ContinuousQuery { get; set; } = "raw_to_year_mean";

    public bool UsesV2Api => !string.IsNullOrWhiteSpace(Bucket);

    /// <summary>Every problem with the settings, each naming its key; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!Url.IsAbsoluteUri || (Url.Scheme != Uri.UriSchemeHttp && Url.Scheme != Uri.UriSchemeHttps))
            errors.Add($"{Section}:Url must be an absolute http or https address, not \"{Url}\"");
        if (UsesV2Api && string.IsNullOrWhiteSpace(Org))
            errors.Add($"{Section}:Org is required with {Section}:Bucket (v2 API)");
        if (!UsesV2Api && string.IsNullOrWhiteSpace(Database))
            errors.Add($"{Section}:Database is required without {Section}:Bucket (v1 API)");
        RequirePositive(errors, nameof(BatchSize), BatchSize);
        RequirePositive(errors, nameof(MaxBatchBytes), MaxBatchBytes);
        RequirePositive(errors, nameof(QueueCapacity), QueueCapacity);
        RequirePositive(errors, nameof(SpoolMegabytes), SpoolMegabytes);
        RequirePositive(errors, nameof(FlushInterval), FlushInterval);
        RequirePositive(errors, nameof(RequestTimeout), RequestTimeout);
        RequirePositive(errors, nameof(RetryMinDelay), RetryMinDelay);
        if (RetryMaxDelay < RetryMinDelay)
            errors.Add($"{Section}:RetryMaxDelay ({RetryMaxDelay}) must not be below RetryMinDelay ({RetryMinDelay})");
        // InfluxDB 1.x refuses retention durations under an hour.
        RequireAtLeastAnHour(errors, nameof(RawRetention), RawRetention);
        RequireAtLeastAnHour(errors, nameof(DownsampledRetention), DownsampledRetention);
        if (DownsampleInterval < TimeSpan.FromSeconds(1) || DownsampleInterval.Ticks % TimeSpan.TicksPerSecond != 0)
            errors.Add($"{Section}:DownsampleInterval must be whole seconds, at least one, not {DownsampleInterval}");
        foreach (var (key, name) in new[] { (nameof(RawRetentionPolicy), RawRetentionPolicy), (nameof(DownsampledRetentionPolicy), DownsampledRetentionPolicy), (nameof(ContinuousQuery), ContinuousQuery) })
        {
            if (string.IsNullOrWhiteSpace(name))
                errors.Add($"{Section}:{key} must not be empty");
        }
        return errors;
    }

    private static void RequirePositive(List<string> errors, string key, int value)
    {
        if (value <= 0)
            errors.Add($"{Section}:{key} must be positive, not {value}");
    }

    private static void RequirePositive(List<string> errors, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
            errors.Add($"{Section}:{key} must be positive, not {value}");
    }

    private static void RequireAtLeastAnHour(List<string> errors, string key, TimeSpan value)
    {
        if (value < TimeSpan.FromHours(1))
            errors.Add($"{Section}:{key} must be at least one hour (InfluxDB's minimum), not {value}");
    }
}
