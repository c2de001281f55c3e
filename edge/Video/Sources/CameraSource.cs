using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace EdgeSecurity.Video;

/// <summary>
/// A camera decoded by its own ffmpeg process into pooled frame buffers. A dedicated thread reads the pipe with blocking
/// reads, which allocate nothing per frame; a watchdog kills ffmpeg when no frame has come for the stall timeout, and
/// the reader then restarts it after an exponential backoff.
/// </summary>
public sealed class CameraSource : ICameraSource
{
    private readonly CameraSourceOptions _options;
    private readonly FramePool _pool;
    private readonly byte[] _discard;
    private readonly FrameQueue _frames;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Thread _reader;
    private readonly Timer _watchdog;
    private readonly Lock _processLock = new();
    private FfmpegProcess? _process;
    private Action<PooledFrame>? _onFrame;
    private long _lastProgress;
    private string? _stallReason;
    private long _sequence;
    private long _dropped;
    private int _attempts;
    private int _started;
    private int _disposed;
    private volatile CameraHealth _health = CameraHealth.Starting;

    public CameraSource(CameraSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _pool = new FramePool(options.BufferCount, options.Width, options.Height);
        _discard = new byte[options.Width * options.Height * VideoFrame.BytesPerPixel];
        // One buffer fewer than the pool, so the consumer can hold a frame while the queue is full.
        _frames = new FrameQueue(options.BufferCount - 1, DropQueued);
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = $"camera {options.Name}" };
        _watchdog = new Timer(CheckForStall);
    }

    public string Name => _options.Name;

    public CameraHealth Health => _health;

    public event EventHandler<CameraHealthChanged>? HealthChanged;

    public long DroppedFrames => Interlocked.Read(ref _dropped);

    /// <summary>ffmpeg starts so far, the first one included: 1 + the number of reconnects.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>The running ffmpeg's process id, if one is running; for tests that check it is stopped.</summary>
    internal int? FfmpegProcessId
    {
        get
        {
            lock (_processLock)
                return _process?.Id;
        }
    }

    public void Start() => Start(null);

    public void Start(Action<PooledFrame>? onFrame)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
            throw new InvalidOperationException($"Camera {Name} is already started.");
        var period = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond * 50, _options.StallTimeout.Ticks / 5));
        _onFrame = onFrame;
        _watchdog.Change(period, period);
        _reader.Start();
    }

    public async IAsyncEnumerable<PooledFrame> ReadFramesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (_onFrame is not null)
            throw new InvalidOperationException($"Camera {Name} hands its frames to the callback it was started with.");
        using var wakeOnCancel = cancellationToken.UnsafeRegister(static queue => ((FrameQueue)queue!).Wake(), _frames);
        while (await _frames.WaitAsync(cancellationToken).ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            while (_frames.TryTake(out var frame))
                yield return frame;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _watchdog.DisposeAsync().ConfigureAwait(false);
        lock (_processLock)
            _process?.Kill();
        if (_reader.IsAlive)
            await Task.Run(_reader.Join).ConfigureAwait(false);
        _frames.Complete();
        _stopping.Dispose();
    }

    private void ReadLoop()
    {
        var backoff = _options.InitialBackoff;
        while (!_stopping.IsCancellationRequested)
        {
            Interlocked.Increment(ref _attempts);
            var reason = RunOnce(out var deliveredFrames);
            if (_stopping.IsCancellationRequested)
                break;
            if (deliveredFrames)
                backoff = _options.InitialBackoff;
            Report(CameraHealth.Offline, reason);
            if (_stopping.Token.WaitHandle.WaitOne(backoff))
                break;
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaximumBackoff.Ticks));
        }
        _frames.Complete();
    }

    /// <summary>One ffmpeg run, from start to exit; returns why it ended.</summary>
    private string RunOnce(out bool deliveredFrames)
    {
        deliveredFrames = false;
        _stallReason = null;
        Volatile.Write(ref _lastProgress, Stopwatch.GetTimestamp());
        var process = FfmpegProcess.TryStart(_options, out var failure);
        if (process is null)
            return failure!;
        lock (_processLock)
        {
            _process = process;
            if (_stopping.IsCancellationRequested)
                process.Kill();
        }
        try
        {
            while (true)
            {
                var frame = _pool.TryRent();
                if (!process.ReadFrame(frame is null ? _discard : frame.Buffer))
                {
                    frame?.Dispose();
                    break;
                }
                var now = Stopwatch.GetTimestamp();
                Volatile.Write(ref _lastProgress, now);
                var sequence = _sequence++;
                deliveredFrames = true;
                if (Health != CameraHealth.Online)
                    Report(CameraHealth.Online, "frames are arriving");
                if (frame is null)
                {
                    Interlocked.Increment(ref _dropped);
                    continue;
                }
                frame.Sequence = sequence;
                frame.ReceivedTimestamp = now;
                if (_onFrame is { } onFrame)
                    onFrame(frame);
                else
                    _frames.Add(frame);
            }
            var exit = process.ExitReason();
            return Volatile.Read(ref _stallReason) ?? exit;
        }
        finally
        {
            lock (_processLock)
                _process = null;
            process.Dispose();
        }
    }

    private void CheckForStall(object? state)
    {
        var silent = Stopwatch.GetElapsedTime(Volatile.Read(ref _lastProgress));
        if (silent < _options.StallTimeout)
            return;
        lock (_processLock)
        {
            if (_process is null)
                return;
            Volatile.Write(ref _stallReason, string.Create(CultureInfo.InvariantCulture, $"no frame for {silent.TotalSeconds:0.0} s (stall timeout {_options.StallTimeout.TotalSeconds:0.#} s)"));
            _process.Kill();
        }
    }

    private void DropQueued(PooledFrame frame)
    {
        Interlocked.Increment(ref _dropped);
        frame.Dispose();
    }

    private void Report(CameraHealth health, string reason)
    {
        if (_health == health)
            return;
        _health = health;
        HealthChanged?.Invoke(this, new CameraHealthChanged(Name, health, reason, DateTimeOffset.UtcNow));
    }
}
