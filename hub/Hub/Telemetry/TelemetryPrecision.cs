namespace EdgeSecurity.Hub.Telemetry;

/// <summary>The unit of line-protocol timestamps, sent as the write's "precision" parameter.</summary>
public enum TelemetryPrecision
{
    Nanoseconds,
    Milliseconds,
}

internal static class TelemetryPrecisionNames
{
    /// <summary>The same names serve v1 and v2 writes and the query's "epoch" parameter.</summary>
    public static string ToQueryValue(this TelemetryPrecision precision) => precision switch
    {
        TelemetryPrecision.Nanoseconds => "ns",
        TelemetryPrecision.Milliseconds => "ms",
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "unknown precision"),
    };
}
