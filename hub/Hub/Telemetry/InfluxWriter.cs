using System.Buffers;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Channels;

namespace EdgeSecurity.Hub.Telemetry;

/// <summary>
/// Sends telemetry to InfluxDB in batches: a batch leaves when it holds BatchSize points or MaxBatchBytes, or
/// FlushInterval after its first point. Points are encoded on the caller's thread (bad ones are refused at once
/// with the reason) and wait in a bounded queue; when it is full new points are dropped and counted.
/// A 5xx, a timeout or a refused connection resends the same batch after a growing delay, for as long as the
/// hub runs: every point carries its time, so a batch that did arrive before its answer was lost overwrites
/// itself instead of duplicating. A 4xx means the batch itself is wrong: it is logged with the server's message,
/// counted as rejected and dropped, never resent.
/// </summary>
public sealed class InfluxWriter : BackgroundService, ITelemetrySink
{
    private const string GzipEncoding = "gzip";

    private readonly InfluxConnection _connection;
    private readonly TelemetrySettings _settings;
    private readonly TelemetryStats _stats;
    private readonly TelemetrySchema? _schema;
    private readonly TimeProvider _time;
    private readonly ILogger<InfluxWriter> _logger;
    private readonly Channel<string> _queue;
    private readonly ArrayBufferWriter<byte> _batch = new();
    private int _batchPoints;
    private readonly TelemetryWrite _queueFull;
    private string? _carried;

    /// <param name="schema">set up before the first write (v1); null when the database is managed elsewhere</param>
    public InfluxWriter(InfluxConnection connection, TelemetryStats stats, ILogger<InfluxWriter> logger, TelemetrySchema? schema = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
        _settings = connection.Settings;
        _stats = stats;
        _logger = logger;
        _schema = schema;
        _time = time ?? TimeProvider.System;
        _queueFull = new TelemetryWrite(TelemetryWriteOutcome.Dropped, $"the telemetry queue is full ({_settings.QueueCapacity} points): InfluxDB is slow or unreachable");
        _queue = Channel.CreateBounded<string>(new BoundedChannelOptions(_settings.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public TelemetryStats Stats => _stats;

    /// <summary>Points waiting to be sent, the batch being sent included.</summary>
    public int Pending => _queue.Reader.Count + Volatile.Read(ref _batchPoints) + (Volatile.Read(ref _carried) is null ? 0 : 1);

    public TelemetryWrite Write(LinePoint point)
    {
        if (!LineProtocol.TryEncode(point, _settings.Precision, _time.GetUtcNow(), out var line, out var reason))
        {
            _stats.AddInvalid();
            return new TelemetryWrite(TelemetryWriteOutcome.Invalid, reason);
        }
        if (_queue.Writer.TryWrite(line))
            return TelemetryWrite.Queued;
        _stats.AddDropped(1, _queueFull.Reason!);
        return _queueFull;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var databaseReady = _schema is null;
        try
        {
            if (_schema is not null)
                await SetUpSchemaAsync(_schema, stoppingToken).ConfigureAwait(false);
            databaseReady = true;
            while (_carried is not null || await _queue.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                await FillBatchAsync(stoppingToken).ConfigureAwait(false);
                await SendWithRetriesAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            if (databaseReady)
                await DrainAsync().ConfigureAwait(false);
            CountUnsent("the hub stopped");
        }
        catch (Exception e)
        {
            // Last resort, for a defect rather than a server answer: the hub goes on without telemetry, and says so.
            _logger.LogCritical(e, "Telemetry: the InfluxDB writer failed and stopped; telemetry is no longer written");
            _stats.SetLastError($"the writer failed: {e.Message}");
            CountUnsent("the writer failed");
        }
    }

    private void CountUnsent(string why)
    {
        var left = Pending;
        if (left > 0)
        {
            _stats.AddDropped(left, $"{why} with {left} points unsent");
            _logger.LogWarning("Telemetry: {Points} points unsent: {Why}", left, why);
        }
    }

    /// <summary>At shutdown: what is queued goes out with one attempt per batch, all within RequestTimeout, so a stopping hub never hangs on an unreachable InfluxDB.</summary>
    private async Task DrainAsync()
    {
        using var deadline = new CancellationTokenSource(_settings.RequestTimeout);
        try
        {
            while (true)
            {
                TakeQueued();
                if (_batchPoints == 0)
                    return;
                if (await SendAsync(Body(), deadline.Token).ConfigureAwait(false) is { } failure)
                {
                    _stats.SetLastError(failure);
                    return;
                }
                ClearBatch();
            }
        }
        catch (OperationCanceledException)
        {
            // Out of time: Pending counts what is left as dropped.
        }
    }

    private async Task SetUpSchemaAsync(TelemetrySchema schema, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await schema.EnsureAsync(ct).ConfigureAwait(false);
                return;
            }
            // Whatever the server answered (an error, garbage, a dropped connection), the set-up is tried again later.
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                _stats.SetLastError($"schema set-up: {e.Message}");
                _logger.LogWarning("Telemetry: setting up database {Database} on {Url} failed, retrying: {Error}", _settings.Database, _settings.Url, e.Message);
                await Task.Delay(Backoff(attempt), _time, ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Takes queued lines until the batch is full or FlushInterval has passed since this batch began.</summary>
    private async Task FillBatchAsync(CancellationToken ct)
    {
        var deadline = _time.GetTimestamp() + (long)(_settings.FlushInterval.TotalSeconds * _time.TimestampFrequency);
        while (TakeQueued())
        {
            var remaining = _time.GetElapsedTime(_time.GetTimestamp(), deadline);
            if (remaining <= TimeSpan.Zero || !await WaitForLinesAsync(remaining, ct).ConfigureAwait(false))
                return;
        }
    }

    /// <summary>Moves queued lines into the batch without waiting; true while the batch still has room.</summary>
    private bool TakeQueued()
    {
        if (_carried is { } carried)
        {
            _carried = null;
            Append(carried);
        }
        while (_batchPoints < _settings.BatchSize)
        {
            if (!_queue.Reader.TryRead(out var line))
                return true;
            if (_batchPoints > 0 && _batch.WrittenCount + Encoding.UTF8.GetByteCount(line) + 1 > _settings.MaxBatchBytes)
            {
                // Too big for this batch: it opens the next one.
                _carried = line;
                return false;
            }
            Append(line);
        }
        return false;
    }

    private async Task<bool> WaitForLinesAsync(TimeSpan patience, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(patience);
        try
        {
            return await _queue.Reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }

    private void Append(string line)
    {
        var span = _batch.GetSpan(Encoding.UTF8.GetMaxByteCount(line.Length) + 1);
        var length = Encoding.UTF8.GetBytes(line, span);
        span[length] = (byte)'\n';
        _batch.Advance(length + 1);
        Volatile.Write(ref _batchPoints, _batchPoints + 1);
    }

    private async Task SendWithRetriesAsync(CancellationToken ct)
    {
        if (_batchPoints == 0)
            return;
        var body = Body();
        for (var attempt = 0; ; attempt++)
        {
            var failure = await SendAsync(body, ct).ConfigureAwait(false);
            if (failure is null)
                break;
            _stats.AddRetry();
            _stats.SetLastError(failure);
            _logger.LogWarning("Telemetry: writing {Points} points to {Url} failed (attempt {Attempt}), retrying: {Error}", _batchPoints, _connection.WriteUri, attempt + 1, failure);
            await Task.Delay(Backoff(attempt), _time, ct).ConfigureAwait(false);
        }
        ClearBatch();
    }

    private byte[] Body() => _settings.Gzip ? Compress(_batch.WrittenSpan) : _batch.WrittenSpan.ToArray();

    private void ClearBatch()
    {
        _batch.ResetWrittenCount();
        Volatile.Write(ref _batchPoints, 0);
    }

    /// <summary>Null when the batch is done with (written, or refused for good); otherwise why it must be resent.</summary>
    private async Task<string?> SendAsync(byte[] body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _connection.WriteUri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
        if (_settings.Gzip)
            request.Content.Headers.ContentEncoding.Add(GzipEncoding);
        _connection.Authorize(request);
        try
        {
            using var response = await _connection.Http.SendAsync(request, ct).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                _stats.AddWritten(_batchPoints);
                return null;
            }
            var error = await InfluxConnection.ReadErrorAsync(response, ct).ConfigureAwait(false);
            if (IsWorthRetrying(response.StatusCode))
                return error;
            _stats.AddRejected(_batchPoints, error);
            _logger.LogError("Telemetry: InfluxDB refused a batch of {Points} points, dropped: {Error}", _batchPoints, error);
            return null;
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return $"{_connection.WriteUri.GetLeftPart(UriPartial.Authority)}: {e.Message}";
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return $"no answer within {_connection.Http.Timeout.TotalSeconds:0.#} s";
        }
    }

    /// <summary>Server trouble and throttling pass; any other 4xx would be refused again.</summary>
    private static bool IsWorthRetrying(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout;

    private TimeSpan Backoff(int attempt)
    {
        var delay = _settings.RetryMinDelay * Math.Pow(2, Math.Min(attempt, 20));
        return delay < _settings.RetryMaxDelay ? delay : _settings.RetryMaxDelay;
    }

    private static byte[] Compress(ReadOnlySpan<byte> body)
    {
        using var compressed = new MemoryStream(body.Length / 4);
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(body);
        return compressed.ToArray();
    }
}
