namespace EdgeSecurity.Hub.Telemetry;

/// <summary>What became of the points handed to the sink; thread-safe, read by /health and the tests.</summary>
public sealed class TelemetryStats
{
    private long _written;
    private long _requests;
    private long _retried;
    private long _rejected;
    private long _invalid;
    private long _dropped;
    private string? _lastError;
    private long _spooled;
    private long _spoolBytes;

    internal void AddWritten(int points)
    {
        Interlocked.Add(ref _written, points);
        Interlocked.Increment(ref _requests);
    }

    internal void AddRetry() => Interlocked.Increment(ref _retried);

    internal void AddRejected(int points, string error)
    {
        Interlocked.Add(ref _rejected, points);
        Volatile.Write(ref _lastError, error);
    }

    internal void AddInvalid() => Interlocked.Increment(ref _invalid);

    internal void AddDropped(int points, string reason)
    {
        Interlocked.Add(ref _dropped, points);
        Volatile.Write(ref _lastError, reason);
    }

    internal void SetLastError(string error) => Volatile.Write(ref _lastError, error);

    internal void SetSpool(long points, long bytes)
    {
        Interlocked.Exchange(ref _spooled, points);
        Interlocked.Exchange(ref _spoolBytes, bytes);
    }

    public TelemetryStatsSnapshot Snapshot() => new(
        Interlocked.Read(ref _written), Interlocked.Read(ref _requests), Interlocked.Read(ref _retried),
        Interlocked.Read(ref _rejected), Interlocked.Read(ref _invalid), Interlocked.Read(ref _dropped), Volatile.Read(ref _lastError),
        Interlocked.Read(ref _spooled), Interlocked.Read(ref _spoolBytes));
}

/// <param name="Written">points InfluxDB accepted</param>
/// <param name="Requests">successful write requests</param>
/// <param name="Retried">write requests sent again after a 5xx, a timeout or a refused connection</param>
/// <param name="Rejected">points in batches InfluxDB refused with a 4xx (1.x may still have stored the valid ones of a "partial write")</param>
/// <param name="Invalid">points refused before sending (see <see cref="LineProtocol"/>)</param>
/// <param name="Dropped">valid points not kept: queue full, spool full (oldest first), telemetry disabled, or unsent when the writer failed</param>
/// <param name="LastError">the latest server error, drop reason or connection failure</param>
/// <param name="Spooled">points waiting on disk for InfluxDB (see <see cref="TelemetrySpool"/>)</param>
/// <param name="SpoolBytes">their uncompressed line-protocol size</param>
public sealed record TelemetryStatsSnapshot(long Written, long Requests, long Retried, long Rejected, long Invalid, long Dropped, string? LastError, long Spooled, long SpoolBytes);
