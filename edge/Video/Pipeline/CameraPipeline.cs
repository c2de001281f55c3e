using System.Diagnostics;
using System.Globalization;

namespace EdgeSecurity.Video;

/// <summary>
/// One camera from decode to alert: each frame goes through motion detection on the camera's reader thread; at most
/// the configured detect rate, and only when something moves (or the refresh is due), it is handed to the shared
/// detector, cropped to the motion; its detections feed the tracker, then the zones' rules, whose alerts go to the
/// callback. Frames the detector does not take still move the rules' clocks (a parked car's time grows with no
/// motion at all). The frame's buffer goes back to the camera as soon as the detector is done with it.
/// </summary>
public sealed class CameraPipeline : IAsyncDisposable
{
    private readonly CameraPipelineOptions _options;
    private readonly ICameraSource _source;
    private readonly InferenceLane? _lane;
    private readonly IReadOnlyList<CameraRule> _rules;
    private readonly Action<CameraAlert> _onAlert;
    private readonly TimeProvider _time;
    private readonly MotionDetector _motion;
    private readonly ByteTracker _tracker;
    private readonly Lock _analysis = new();
    private readonly List<CameraAlert> _alerts = [];
    private readonly TimeSpan _detectInterval;
    private readonly SemaphoreSlim? _detectorSlot;
    private readonly ObjectSightings? _sightings;
    private DateTimeOffset _nextDetection = DateTimeOffset.MinValue;
    // Written by the detector's thread, read by the camera's: ticks of a DateTimeOffset, so the access is atomic.
    private long _lastFullFrameTicks;
    private DateTimeOffset _lastAnalysed = DateTimeOffset.MinValue;
    private DateTimeOffset? _streamOrigin;
    private long _firstSequence;
    private int _inFlight;

    // Telemetry counters since the start; the telemetry snapshot reports their deltas.
    private long _inputFrames;
    private double _motionSum;
    private long _motionTicks;
    private long _analysisTicks;
    private long _analyses;
    private long _ruleFailures;
    private TelemetryMark _mark;

    /// <param name="lane">The camera's place in a shared detector, or null for a camera that works on motion alone.</param>
    /// <param name="onAlert">Called on the camera's or the detector's thread; it must not block for long.</param>
    public CameraPipeline(CameraPipelineOptions options, ICameraSource source, InferenceLane? lane, IReadOnlyList<CameraRule> rules, Action<CameraAlert> onAlert, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _source = source;
        _lane = lane;
        _rules = rules;
        _onAlert = onAlert;
        _time = time ?? TimeProvider.System;
        _motion = new MotionDetector(options.Motion);
        _tracker = new ByteTracker(options.Tracker);
        _detectInterval = TimeSpan.FromSeconds(1 / options.DetectFramesPerSecond);
        _detectorSlot = options.WaitForDetector ? new SemaphoreSlim(1, 1) : null;
        _sightings = options.Sightings is { } sightings ? new ObjectSightings(sightings) : null;
        _mark = new TelemetryMark(Stopwatch.GetTimestamp(), 0, default, 0, 0, 0, 0, 0, 0);
    }

    public string Camera => _options.Camera;

    public ICameraSource Source => _source;

    /// <summary>Exceptions thrown by rules or the alert callback, which the pipeline logs away to keep the camera running.</summary>
    public long RuleFailures => Interlocked.Read(ref _ruleFailures);

    /// <summary>The last failure of a rule, the alert callback or the detector, for the agent's log.</summary>
    public event Action<string, Exception>? Failed;

    /// <summary>
    /// A confirmed track became a structured object (<see cref="CameraPipelineOptions.Sightings"/>), with a copy of its
    /// frame the handler must dispose. Raised on the detector's thread: the handler must not block for long.
    /// </summary>
    public event Action<ObjectSighting>? Sighted;

    public void Start() => _source.Start(OnFrame);

    /// <summary>The counters since the previous call (or the start), as rates over that interval.</summary>
    public CameraTelemetry TakeTelemetry()
    {
        var now = Stopwatch.GetTimestamp();
        var lane = _lane?.Statistics ?? default;
        var input = Interlocked.Read(ref _inputFrames);
        double motion;
        lock (_analysis)
            motion = _motionSum;
        var decodeErrors = _source is CameraSource camera ? Math.Max(0, camera.Attempts - 1) : 0;
        var previous = _mark;
        var (motionTicks, analysisTicks, analyses) = (Interlocked.Read(ref _motionTicks), Interlocked.Read(ref _analysisTicks), Interlocked.Read(ref _analyses));
        _mark = new TelemetryMark(now, input, lane, motion, decodeErrors, _source.DroppedFrames, motionTicks, analysisTicks, analyses);

        var seconds = Math.Max(1e-9, (double)(now - previous.Timestamp) / Stopwatch.Frequency);
        var frames = input - previous.InputFrames;
        var completed = lane.Completed - previous.Lane.Completed;
        var skipped = lane.Skipped - previous.Lane.Skipped;
        var submitted = lane.Submitted - previous.Lane.Submitted;
        var inference = lane.InferenceTime - previous.Lane.InferenceTime;
        return new CameraTelemetry(
            Camera,
            frames / seconds,
            completed / seconds,
            completed == 0 ? 0 : inference.TotalMilliseconds / completed,
            skipped,
            submitted == 0 ? 0 : 100.0 * skipped / submitted,
            frames == 0 ? 0 : 100.0 * (motion - previous.MotionSum) / frames,
            decodeErrors - previous.DecodeErrors,
            _source.DroppedFrames - previous.DroppedFrames,
            frames == 0 ? 0 : Milliseconds(motionTicks - previous.MotionTicks) / frames,
            analyses == previous.Analyses ? 0 : Milliseconds(analysisTicks - previous.AnalysisTicks) / (analyses - previous.Analyses));
    }

    /// <summary>
    /// Stops the camera. A frame already with the shared detector still completes afterwards (its buffer is then
    /// simply dropped), which is why the detector slot is never disposed: a SemaphoreSlim whose wait handle is not used
    /// holds nothing to free, and a late release must not throw on the detector's thread.
    /// </summary>
    public ValueTask DisposeAsync() => _source.DisposeAsync();

    /// <summary>On the camera's reader thread: must not throw.</summary>
    private void OnFrame(PooledFrame frame)
    {
        var handedOn = false;
        try
        {
            Interlocked.Increment(ref _inputFrames);
            var at = FrameTime(frame);
            var motionStarted = Stopwatch.GetTimestamp();
            var regions = _motion.Detect(frame.Frame);
            Interlocked.Add(ref _motionTicks, Stopwatch.GetTimestamp() - motionStarted);
            lock (_analysis)
                _motionSum += _motion.ChangedFraction;
            var refreshDue = at.UtcTicks - Interlocked.Read(ref _lastFullFrameTicks) >= _options.RefreshInterval.Ticks;
            if (_lane is not null && at >= _nextDetection && (regions.Count > 0 || refreshDue))
            {
                // Due times advance by the interval, not from the frame that met them, so frames arriving a little early
                // or late still give the configured rate; after a pause the schedule restarts from now.
                _nextDetection = at - _nextDetection > _detectInterval ? at + _detectInterval : _nextDetection + _detectInterval;
                var crop = regions.Count > 0 && !refreshDue
                    ? DetectionCrop.Around(regions, frame.Frame.Width, frame.Frame.Height, _lane.Scheduler.Detector.Manifest.Input.Width, _lane.Scheduler.Detector.Manifest.Input.Height)
                    : new PixelRectangle(0, 0, frame.Frame.Width, frame.Frame.Height);
                _detectorSlot?.Wait();
                Interlocked.Increment(ref _inFlight);
                _lane.Submit(new DetectionJob(this, frame, crop, at, [.. regions]));
                handedOn = true;
                return;
            }
            if (Volatile.Read(ref _inFlight) == 0)
            {
                lock (_analysis)
                {
                    var started = Stopwatch.GetTimestamp();
                    var tracks = regions.Count == 0 ? _tracker.Hold(at) : _tracker.Visible;
                    Analyse(new CameraScene(Camera, at, frame.ReceivedTimestamp, tracks, false, [], regions), frame.Frame, started);
                }
            }
        }
#pragma warning disable CA1031 // The reader thread must survive anything a frame causes; the failure is reported.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Interlocked.Increment(ref _ruleFailures);
            Failed?.Invoke(Camera, e);
        }
        finally
        {
            if (!handedOn)
                frame.Dispose();
        }
    }

    private DateTimeOffset FrameTime(PooledFrame frame)
    {
        if (_options.StreamFramesPerSecond is not { } fps)
            return _time.GetUtcNow();
        if (_streamOrigin is not { } origin)
        {
            origin = _time.GetUtcNow();
            _streamOrigin = origin;
            _firstSequence = frame.Sequence;
        }
        return origin + TimeSpan.FromSeconds((frame.Sequence - _firstSequence) / fps);
    }

    /// <summary>On the detector's thread.</summary>
    private void Detected(DetectionJob job, IReadOnlyList<DetectedObject> detections)
    {
        var started = Stopwatch.GetTimestamp();
        var frame = job.Frame;
        var inFrame = new List<DetectedObject>(detections.Count);
        foreach (var detection in detections)
            inFrame.Add(detection with { Box = DetectionCrop.ToFrame(detection.Box, job.Crop) });
        if (job.Crop.Width == frame.Frame.Width && job.Crop.Height == frame.Frame.Height)
            Interlocked.Exchange(ref _lastFullFrameTicks, job.At.UtcTicks);
        var searched = new BoundingBox(job.Crop.X, job.Crop.Y, job.Crop.Right, job.Crop.Bottom);
        lock (_analysis)
        {
            if (job.At < _lastAnalysed)
                return;
            var tracks = _tracker.Update(inFrame, job.At, searched);
            Analyse(new CameraScene(Camera, job.At, frame.ReceivedTimestamp, tracks, true, inFrame, job.Motion), frame.Frame, started);
        }
    }

    /// <summary>Tracking is done by the caller; this times it with the rules, from <paramref name="started"/>.</summary>
    private void Analyse(CameraScene scene, VideoFrame frame, long started)
    {
        _lastAnalysed = scene.At;
        _alerts.Clear();
        foreach (var rule in _rules)
            rule.Evaluate(scene, _alerts);
        Interlocked.Add(ref _analysisTicks, Stopwatch.GetTimestamp() - started);
        Interlocked.Increment(ref _analyses);
        foreach (var alert in _alerts)
            _onAlert(_options.CaptureAlertFrames && alert.Phase != AlertPhase.Cleared ? alert with { Frame = AlertFrame.Copy(frame, ObjectsOf(scene, alert)) } : alert);
        if (scene.Detected && _sightings?.Next(scene.Tracks, scene.At) is { } track && Sighted is { } sighted)
        {
            var copy = AlertFrame.Copy(frame, [new AnnotatedObject(track.Box, track.Label, track.Score, (int)track.Id, Alert: false)]);
            sighted(new ObjectSighting(Camera, track.Id, track.Label, track.Score, track.Box, track.Direction, scene.At, copy));
        }
    }

    /// <summary>
    /// The confirmed tracks (a lost track's predicted box drifts where nobody is), those the alert counts (its
    /// <c>tracks</c> attribute) marked as the alert's.
    /// </summary>
    private static List<AnnotatedObject> ObjectsOf(CameraScene scene, CameraAlert alert)
    {
        var alerting = alert.Attributes.TryGetValue("tracks", out var ids) ? ids.Split(',', StringSplitOptions.RemoveEmptyEntries) : [];
        return [.. scene.Tracks.Where(t => t.State == TrackState.Confirmed).Select(t => new AnnotatedObject(t.Box, t.Label, t.Score, (int)t.Id,
            alerting.Contains(t.Id.ToString(CultureInfo.InvariantCulture), StringComparer.Ordinal)))];
    }

    private void Finished(DetectionJob job, Exception? failure)
    {
        job.Frame.Dispose();
        Interlocked.Decrement(ref _inFlight);
        _detectorSlot?.Release();
        if (failure is null)
            return;
        Interlocked.Increment(ref _ruleFailures);
        Failed?.Invoke(Camera, failure);
    }

    private static double Milliseconds(long stopwatchTicks) => stopwatchTicks * 1000.0 / Stopwatch.Frequency;

    private readonly record struct TelemetryMark(
        long Timestamp, long InputFrames, InferenceLaneStatistics Lane, double MotionSum, long DecodeErrors, long DroppedFrames, long MotionTicks, long AnalysisTicks, long Analyses);

    private sealed class DetectionJob(CameraPipeline pipeline, PooledFrame frame, PixelRectangle crop, DateTimeOffset at, BoundingBox[] motion) : IInferenceJob
    {
        public PooledFrame Frame => frame;

        public PixelRectangle Crop => crop;

        public DateTimeOffset At => at;

        public IReadOnlyList<BoundingBox> Motion => motion;

        VideoFrame IInferenceJob.Frame => DetectionCrop.Of(frame.Frame, crop);

        public void Complete(IReadOnlyList<DetectedObject> detections, TimeSpan inferenceTime)
        {
            Exception? failure = null;
            try
            {
                pipeline.Detected(this, detections);
            }
#pragma warning disable CA1031 // A rule's failure is this camera's alone: reported, and the detector serves the next camera.
            catch (Exception e)
#pragma warning restore CA1031
            {
                failure = e;
            }
            pipeline.Finished(this, failure);
        }

        public void Fail(Exception exception) => pipeline.Finished(this, exception);

        public void Skip() => pipeline.Finished(this, null);
    }
}
