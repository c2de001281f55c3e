using System.Buffers;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace EdgeSecurity.Hub.Telemetry;

/// <summary>
/// Sends telemetry to InfluxDB in batches: a batch leaves when it holds BatchSize points or MaxBatchBytes, or
/// FlushInterval after its first point. Points are encoded on the caller's thread (bad ones are refused at once
/// with the reason) and wait in a bounded queue; when it is full new points are dropped and counted.
/// A 5xx, a timeout or a refused connection moves the batch to the on-disk <see cref="TelemetrySpool"/>; while
/// the spool holds anything, queued points join its tail (so the memory queue keeps draining during an outage)
/// and its oldest batch is resent after a growing delay until InfluxDB takes it, so the series arrive in order.
/// Every point carries its time, so a batch that did arrive before its answer was lost overwrites itself
/// instead of duplicating. A 4xx means the batch itself is wrong: it is logged with the server's message,
/// counted as rejected and dropped, never resent.
/// Points handed over with a <see cref="TelemetryReceipt"/> are reported to <see cref="ITelemetryConfirmations"/> per
/// batch once the batch is durable (InfluxDB answered 2xx, or it is in the spool) or refused (4xx); never before, so a
/// gateway lets go of a point only when a hub crash can no longer lose it. Ingestion never waits for this.
/// </summary>
public sealed class InfluxWriter : BackgroundService, ITelemetrySink
{
    private const string GzipEncoding = "gzip";

    private readonly InfluxConnection _connection;
    private readonly TelemetrySettings _settings;
    private readonly TelemetryStats _stats;
    private readonly TelemetrySchema? _schema;
    private readonly TelemetrySpool _spool;
    private readonly TimeProvider _time;
    private readonly ILogger<InfluxWriter> _logger;
    private readonly ITelemetryConfirmations? _confirmations;
    private readonly Channel<QueuedLine> _queue;
    private readonly ArrayBufferWriter<byte> _batch = new();
    private readonly List<TelemetryReceipt> _batchReceipts = [];
    private int _batchPoints;
    private long _batchStartedAt;
    private readonly TelemetryWrite _queueFull;
    private QueuedLine _carried;
    private int _hasCarried;
    private int _failedAttempts;

    /// <param name="schema">set up before the first write (v1); null when the database is managed elsewhere</param>
    /// <param name="spool">owned by the caller, which disposes it after the writer has stopped</param>
    /// <param name="confirmations">told when points with a receipt are durable or refused; null when nobody waits for them</param>
    public InfluxWriter(InfluxConnection connection, TelemetryStats stats, TelemetrySpool spool, ILogger<InfluxWriter> logger, TelemetrySchema? schema = null,
        TimeProvider? time = null, ITelemetryConfirmations? confirmations = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
        _spool = spool;
        _settings = connection.Settings;
        _stats = stats;
        _logger = logger;
        _schema = schema;
        _time = time ?? TimeProvider.System;
        _confirmations = confirmations;
        _queueFull = new TelemetryWrite(TelemetryWriteOutcome.Dropped, $"the telemetry queue is full ({_settings.QueueCapacity} points): InfluxDB is slow or unreachable");
        _queue = Channel.CreateBounded<QueuedLine>(new BoundedChannelOptions(_settings.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public TelemetryStats Stats => _stats;

    /// <summary>Points waiting to be sent, the batch being sent included.</summary>
    public int Pending => _queue.Reader.Count + Volatile.Read(ref _batchPoints) + Volatile.Read(ref _hasCarried);

    public TelemetryWrite Write(LinePoint point, TelemetryReceipt? receipt = null)
    {
        if (!LineProtocol.TryEncode(point, _settings.Precision, _time.GetUtcNow(), out var line, out var reason))
        {
            _stats.AddInvalid();
            return new TelemetryWrite(TelemetryWriteOutcome.Invalid, reason);
        }
        if (_queue.Writer.TryWrite(new QueuedLine(line, receipt)))
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
            while (!_spool.IsEmpty || _hasCarried == 1 || await _queue.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                if (_spool.IsEmpty)
                {
                    await FillBatchAsync(stoppingToken).ConfigureAwait(false);
                    await SendBatchAsync(stoppingToken).ConfigureAwait(false);
                }
                else
                {
                    await ReplayOldestAsync(stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            if (databaseReady)
                await DrainAsync().ConfigureAwait(false);
            // What InfluxDB did not take waits on disk for the next start.
            SpoolQueued();
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

    /// <summary>
    /// At shutdown, unless older points are spooled: what is queued goes out with one attempt per batch, all
    /// within RequestTimeout, so a stopping hub never hangs on an unreachable InfluxDB.
    /// </summary>
    private async Task DrainAsync()
    {
        using var deadline = new CancellationTokenSource(_settings.RequestTimeout);
        try
        {
            while (_spool.IsEmpty)
            {
                TakeQueued();
                if (_batchPoints == 0)
                    return;
                var sent = await SendAsync(Body(_batch.WrittenSpan), _batchPoints, deadline.Token).ConfigureAwait(false);
                if (!sent.Done)
                {
                    _stats.SetLastError(sent.Error!);
                    return;
                }
                Confirm(sent);
                ClearBatch();
            }
        }
        catch (OperationCanceledException)
        {
            // Out of time: the caller spools what is left.
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
                await SpoolQueuedForAsync(Backoff(attempt), ct).ConfigureAwait(false);
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
        if (_hasCarried == 1)
        {
            Volatile.Write(ref _hasCarried, 0);
            Append(_carried);
        }
        while (_batchPoints < _settings.BatchSize)
        {
            if (!_queue.Reader.TryRead(out var line))
                return true;
            if (_batchPoints > 0 && _batch.WrittenCount + Encoding.UTF8.GetByteCount(line.Text) + 1 > _settings.MaxBatchBytes)
            {
                // Too big for this batch: it opens the next one.
                _carried = line;
                Volatile.Write(ref _hasCarried, 1);
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

    private void Append(QueuedLine line)
    {
        if (_batchPoints == 0)
            _batchStartedAt = _time.GetTimestamp();
        var span = _batch.GetSpan(Encoding.UTF8.GetMaxByteCount(line.Text.Length) + 1);
        var length = Encoding.UTF8.GetBytes(line.Text, span);
        span[length] = (byte)'\n';
        _batch.Advance(length + 1);
        if (line.Receipt is { } receipt)
            _batchReceipts.Add(receipt);
        Volatile.Write(ref _batchPoints, _batchPoints + 1);
    }

    /// <summary>Sends the batch once; if InfluxDB cannot take it now, it goes to the spool to be resent.</summary>
    private async Task SendBatchAsync(CancellationToken ct)
    {
        if (_batchPoints == 0)
            return;
        var points = _batchPoints;
        var sent = await SendAsync(Body(_batch.WrittenSpan), points, ct).ConfigureAwait(false);
        if (sent.Done)
        {
            Confirm(sent);
            ClearBatch();
            return;
        }
        SpoolBatch();
        await WaitToRetryAsync(sent.Error!, points, ct).ConfigureAwait(false);
    }

    private async Task ReplayOldestAsync(CancellationToken ct)
    {
        // Points that came in meanwhile join the spool's tail, behind the older ones, so the series stay in order.
        SpoolQueued();
        // Its points were confirmed when they were spooled.
        var oldest = _spool.Oldest()!;
        var sent = await SendAsync(Body(oldest.Lines), oldest.Points, ct).ConfigureAwait(false);
        if (sent.Done)
        {
            _spool.Remove(oldest);
            _failedAttempts = 0;
            return;
        }
        await WaitToRetryAsync(sent.Error!, oldest.Points, ct).ConfigureAwait(false);
    }

    private async Task WaitToRetryAsync(string failure, int points, CancellationToken ct)
    {
        _stats.AddRetry();
        _stats.SetLastError(failure);
        _logger.LogWarning("Telemetry: writing {Points} points to {Url} failed (attempt {Attempt}), spooled and retrying: {Error}", points, _connection.WriteUri, _failedAttempts + 1, failure);
        await SpoolQueuedForAsync(Backoff(_failedAttempts++), ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits <paramref name="delay"/> while moving whatever is queued to the spool, a batch whenever it is full or
    /// FlushInterval old, so the memory queue never fills during an outage and gateways hear about their points as
    /// soon as they would with InfluxDB up.
    /// </summary>
    private async Task SpoolQueuedForAsync(TimeSpan delay, CancellationToken ct)
    {
        var deadline = _time.GetTimestamp() + (long)(delay.TotalSeconds * _time.TimestampFrequency);
        while (true)
        {
            while (!TakeQueued())
                SpoolBatch();
            if (_batchPoints > 0 && _time.GetElapsedTime(_batchStartedAt) >= _settings.FlushInterval)
                SpoolBatch();
            var remaining = _time.GetElapsedTime(_time.GetTimestamp(), deadline);
            if (remaining <= TimeSpan.Zero)
                break;
            var patience = _batchPoints > 0 ? _settings.FlushInterval - _time.GetElapsedTime(_batchStartedAt) : _settings.FlushInterval;
            await WaitForLinesAsync(patience < remaining ? patience : remaining, ct).ConfigureAwait(false);
        }
        SpoolBatch();
    }

    /// <summary>Moves the batch being built and everything queued to the spool, without waiting.</summary>
    private void SpoolQueued()
    {
        while (!TakeQueued())
            SpoolBatch();
        SpoolBatch();
    }

    /// <summary>
    /// Moves the batch to the spool and confirms its points. One the spool cannot take (full, or the disk failed) is
    /// dropped and counted but not confirmed: its gateways still hold the points and send them again.
    /// </summary>
    private void SpoolBatch()
    {
        if (_batchPoints == 0)
            return;
        try
        {
            if (_spool.Append(_batch.WrittenSpan, _batchPoints))
                Confirm(Sent.Written);
        }
        catch (SqliteException e)
        {
            // A spool that cannot be written (disk full, say) thins telemetry; it must not stop the writer.
            _stats.AddDropped(_batchPoints, $"the telemetry spool cannot be written: {e.Message}");
            _logger.LogError("Telemetry: {Points} points dropped, the spool cannot be written: {Error}", _batchPoints, e.Message);
        }
        ClearBatch();
    }

    /// <summary>Tells the gateways about the batch's points that wait for it: durable, or refused for good.</summary>
    private void Confirm(Sent sent)
    {
        if (_confirmations is null || _batchReceipts.Count == 0)
            return;
        if (sent.Error is null)
            _confirmations.Durable([.. _batchReceipts]);
        else
            _confirmations.Refused([.. _batchReceipts], sent.Error);
    }

    private byte[] Body(ReadOnlySpan<byte> lines) => _settings.Gzip ? Compress(lines) : lines.ToArray();

    private void ClearBatch()
    {
        _batch.ResetWrittenCount();
        _batchReceipts.Clear();
        Volatile.Write(ref _batchPoints, 0);
    }

    /// <summary>Done when the batch is written or refused for good (with InfluxDB's reason); otherwise why it must be resent.</summary>
    private async Task<Sent> SendAsync(byte[] body, int points, CancellationToken ct)
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
                _stats.AddWritten(points);
                return Sent.Written;
            }
            var error = await InfluxConnection.ReadErrorAsync(response, ct).ConfigureAwait(false);
            if (IsWorthRetrying(response.StatusCode))
                return Sent.Failed(error);
            _stats.AddRejected(points, error);
            _logger.LogError("Telemetry: InfluxDB refused a batch of {Points} points, dropped: {Error}", points, error);
            return new Sent(Done: true, error);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return Sent.Failed($"{_connection.WriteUri.GetLeftPart(UriPartial.Authority)}: {e.Message}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return Sent.Failed($"no answer within {_connection.Http.Timeout.TotalSeconds:0.#} s");
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

    /// <summary>A line-protocol point and, when a gateway waits for it, who to confirm it to. A struct: no allocation per point in the queue.</summary>
    private readonly record struct QueuedLine(string Text, TelemetryReceipt? Receipt);

    /// <summary>
    /// What became of a request: <see cref="Done"/> with no error is written, done with an error is refused for good
    /// (a 4xx, InfluxDB's message), not done is to be resent (why in <see cref="Error"/>).
    /// </summary>
    private readonly record struct Sent(bool Done, string? Error)
    {
        public static Sent Written => new(Done: true, Error: null);

        public static Sent Failed(string error) => new(Done: false, error);
    }
}
