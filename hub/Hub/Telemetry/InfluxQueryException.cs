namespace EdgeSecurity.Hub.Telemetry;

/// <summary>InfluxDB refused a query or answered something unreadable; the message carries the server's words.</summary>
public sealed class InfluxQueryException : Exception
{
    public InfluxQueryException()
    {
    }

    public InfluxQueryException(string message)
        : base(message)
    {
    }

    public InfluxQueryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
