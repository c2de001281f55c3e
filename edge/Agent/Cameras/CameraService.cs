using System.Globalization;
using System.Threading.Channels;
using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Agent.Publishing;
using EdgeSecurity.Bindings.OnnxRuntime;
using EdgeSecurity.Contract;
using EdgeSecurity.Video;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Agent.Cameras;

/// <summary>
/// The gateway's cameras: one pipeline each, one shared detector per model. Alerts, camera health (state and an
/// offline event) and per-camera telemetry go through the durable outbox. Models are loaded when the agent is built,
/// so a missing or wrong model stops the start with a message naming the file; a camera that cannot be read only
/// goes offline, and the others run on.
/// </summary>
public sealed class CameraService : IHostedService, IAsyncDisposable
{
    private const int MaxAttributeLength = 512;

    private readonly IReadOnlyList<InferenceScheduler> _schedulers;
    private readonly List<Camera> _cameras;
    private readonly IEventPublisher _publisher;
    private readonly TimeProvider _time;
    private readonly ILogger<CameraService> _log;
    private readonly AlertEvidence? _evidence;
    private readonly Channel<(Camera Camera, CameraAlert Alert)> _alerts = Channel.CreateUnbounded<(Camera, CameraAlert)>(new UnboundedChannelOptions { SingleReader = true });
    // Bounded: a crop costs a face detection; when they come faster than that, the newest wait and the oldest go.
    private readonly Channel<(Camera Camera, ObjectSighting Sighting)> _sightings = Channel.CreateBounded<(Camera, ObjectSighting)>(
        new BoundedChannelOptions(16) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest }, dropped => dropped.Item2.Frame.Dispose());
    private readonly Action<string, StructuredObject>? _publishObject;
    private readonly string _gatewayId;
    private Task _publishingObjects = Task.CompletedTask;
    private readonly List<ITimer> _telemetryTimers = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _clipGate = new();
    private readonly HashSet<Task> _clipCaptures = [];
    private Task _publishing = Task.CompletedTask;
    private int _disposed;

    private CameraService(IReadOnlyList<InferenceScheduler> schedulers, List<Camera> cameras, AlertEvidence? evidence, IEventPublisher publisher, TimeProvider time, ILogger<CameraService> log,
        Action<string, StructuredObject>? publishObject, string gatewayId)
    {
        _publishObject = publishObject;
        _gatewayId = gatewayId;
        _schedulers = schedulers;
        _evidence = evidence;
        _cameras = cameras;
        _publisher = publisher;
        _time = time;
        _log = log;
    }

    /// <summary>Loads every model and builds every camera's zones and rules; starts nothing yet.</summary>
    /// <param name="uploadEvidence">Sends a snapshot to the hub (through the outbox, after its event); null keeps snapshots on the gateway.</param>
    /// <param name="publishObject">Sends a structured object to the hub (through the outbox); null sends none.</param>
    /// <exception cref="AgentStartupException">A model is missing or does not match its manifest, or a rule names a class the model lacks,
    /// or a camera sends structured objects without a model or without the evidence section.</exception>
    public static CameraService Create(AgentConfig config, IEventPublisher publisher, TimeProvider time, ILoggerFactory loggers, Action<string, EvidenceUpload>? uploadEvidence = null,
        Action<string, StructuredObject>? publishObject = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(loggers);
        var schedulers = new Dictionary<CameraModelConfig, InferenceScheduler>();
        var cameras = new List<Camera>();
        AlertEvidence? evidence = null;
        try
        {
            if (config.Cameras.Any(c => c.Model is not null) || (config.Cameras.Count > 0 && config.Evidence is not null))
                InitializeOnnxRuntime();
            if (config.Cameras.Count > 0 && config.Evidence is { } evidenceConfig)
                evidence = AlertEvidence.Open(config.DataDirectory, config.Gateway.Id, evidenceConfig, uploadEvidence, time, loggers.CreateLogger<AlertEvidence>());
            foreach (var camera in config.Cameras)
            {
                if (camera.ObjectsPerMinute > 0 && (camera.Model is null || evidence is null))
                    throw new AgentStartupException($"camera {camera.Id}: objectsPerMinute needs a model and the evidence section (its face model pixelates faces on the objects' crops)");
                InferenceScheduler? scheduler = null;
                if (camera.Model is { } model && !schedulers.TryGetValue(model, out scheduler))
                {
                    scheduler = new InferenceScheduler(LoadDetector(camera, model), Path.GetFileNameWithoutExtension(model.ManifestPath));
                    schedulers.Add(model, scheduler);
                }
                cameras.Add(Camera.Create(config.Gateway, camera, scheduler, evidence is not null, time));
                cameras[^1].Clips = evidence?.CreateClipRecorder(camera);
            }
        }
        catch
        {
            // Nothing was started: this only releases the cameras' timers and the models' sessions.
            foreach (var camera in cameras)
                camera.Pipeline.DisposeAsync().AsTask().GetAwaiter().GetResult();
            foreach (var scheduler in schedulers.Values)
                scheduler.Dispose();
            evidence?.Dispose();
            throw;
        }
        var service = new CameraService([.. schedulers.Values], cameras, evidence, publisher, time, loggers.CreateLogger<CameraService>(), publishObject, config.Gateway.Id);
        foreach (var camera in cameras)
            camera.Connect(service);
        return service;
    }

    /// <summary>Every camera's health and its last telemetry interval's rates, for the control socket.</summary>
    public IReadOnlyList<CameraStatus> Statuses() => [.. _cameras.Select(c => c.Status)];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_cameras.Count == 0)
            return Task.CompletedTask;
        _publishing = Task.Run(PublishAlertsAsync, CancellationToken.None);
        _publishingObjects = Task.Run(PublishObjectsAsync, CancellationToken.None);
        foreach (var camera in _cameras)
        {
            camera.SetState("starting", _time.GetUtcNow());
            _publisher.PublishState(camera.Id, "starting", _time.GetUtcNow());
            camera.Pipeline.Start();
            camera.Clips?.Start();
            var timer = _time.CreateTimer(_ => PublishTelemetry(camera), null, camera.Config.TelemetryInterval, camera.Config.TelemetryInterval);
            _telemetryTimers.Add(timer);
            _log.LogInformation("Camera {Camera} started: {Source} at {Width}×{Height}, {Model}, {Zones} zone(s), {Rules} rule(s)",
                camera.Id, camera.Config.Source, camera.Config.Width, camera.Config.Height,
                camera.Config.Model is { } model ? $"model {Path.GetFileName(model.ManifestPath)} at up to {camera.Config.DetectFramesPerSecond} detections/s" : "motion only",
                camera.Config.Zones.Count, camera.Config.Rules.Count);
        }
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        // Clips still waiting for their video are given up: the agent is stopping and ffmpeg with it.
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var timer in _telemetryTimers)
            await timer.DisposeAsync().ConfigureAwait(false);
        foreach (var camera in _cameras)
            await camera.Pipeline.DisposeAsync().ConfigureAwait(false);
        foreach (var scheduler in _schedulers)
            scheduler.Dispose();
        // Alerts already raised still go into the outbox before the agent stops.
        _alerts.Writer.TryComplete();
        _sightings.Writer.TryComplete();
        await _publishing.ConfigureAwait(false);
        await _publishingObjects.ConfigureAwait(false);
        Task[] captures;
        lock (_clipGate)
            captures = [.. _clipCaptures];
        await Task.WhenAll(captures).ConfigureAwait(false);
        foreach (var camera in _cameras)
        {
            if (camera.Clips is { } clips)
                await clips.DisposeAsync().ConfigureAwait(false);
        }
        _stopping.Dispose();
        _evidence?.Dispose();
    }

    private static void InitializeOnnxRuntime()
    {
        try
        {
            OrtEnvironment.Initialize(OrtLoggingLevel.Error);
        }
        catch (Exception e) when (e is DllNotFoundException or OnnxRuntimeException)
        {
            throw new AgentStartupException($"cameras with a model need ONNX Runtime: {e.Message}", e);
        }
    }

    internal static OnnxObjectDetector LoadDetector(CameraConfig camera, CameraModelConfig model) => LoadDetector($"camera {camera.Id}", model, new DetectorOptions { ScoreThreshold = new TrackerOptions().LowScore });

    /// <param name="options">For a camera, low scores reach the tracker, whose second matching stage keeps half-hidden objects by them.</param>
    internal static OnnxObjectDetector LoadDetector(string user, CameraModelConfig model, DetectorOptions? options)
    {
        try
        {
            var manifest = ModelManifestLoader.Load(model.ManifestPath);
            return OnnxObjectDetector.Create(manifest, model.Directory, options);
        }
        catch (Exception e) when (e is FileNotFoundException or ModelManifestException or OnnxRuntimeException or IOException)
        {
            throw new AgentStartupException($"{user}: {e.Message}", e);
        }
    }

    private void Enqueue(Camera camera, CameraAlert alert) => _alerts.Writer.TryWrite((camera, alert));

    /// <summary>Off the detector's thread: each alert costs an fsync of the outbox.</summary>
    private async Task PublishAlertsAsync()
    {
        await foreach (var (camera, alert) in _alerts.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            // The event contract allows attribute values of at most 512 characters (a big crowd's track ids can be longer).
            var attributes = alert.Attributes.ToDictionary(a => a.Key, a => Truncate(a.Value, MaxAttributeLength), StringComparer.Ordinal);
            attributes["camera"] = camera.Id;
            attributes["alertId"] = alert.AlertId.ToString();
            attributes["phase"] = alert.Phase.ToString().ToLowerInvariant();
            attributes["startedAt"] = alert.StartedAt.ToString("O", CultureInfo.InvariantCulture);
            EvidenceRef? snapshot = null;
            if (alert.Frame is { } frame)
            {
                using (frame)
                    snapshot = _evidence?.Capture(camera.Id, frame, camera.Zones);
            }
            var eventId = _publisher.PublishEvent(new Detection(camera.Id, camera.Place, alert.Type, alert.At, attributes) { Evidence = snapshot });
            if (snapshot is not null && eventId != Guid.Empty)
                _evidence?.Upload(camera.Id, snapshot);
            if (alert.Phase == AlertPhase.Raised && camera.Clips is { } clips && eventId != Guid.Empty)
                StartClipCapture(camera, clips, alert, attributes);
            _log.LogInformation("Camera {Camera} rule {Rule}: {Type} {Phase} (alert {AlertId}, event {EventId})", camera.Id, alert.Rule, alert.Type.Code, alert.Phase, alert.AlertId, eventId);
        }
    }

    private void Enqueue(Camera camera, ObjectSighting sighting)
    {
        if (!_sightings.Writer.TryWrite((camera, sighting)))
            sighting.Frame.Dispose();
    }

    /// <summary>Off the detector's thread: each object costs a face detection, a JPEG and an fsync of the outbox.</summary>
    private async Task PublishObjectsAsync()
    {
        await foreach (var (camera, sighting) in _sightings.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            using var frame = sighting.Frame;
            if (_evidence?.CaptureCrop(camera.Id, frame, sighting.Box) is not { } crop || _publishObject is null
                || ObjectKinds.OfLabel(sighting.Label) is not { } kind)
                continue;
            var box = new ObjectBox(
                Math.Clamp((int)MathF.Floor(sighting.Box.Left), 0, frame.Width - 1), Math.Clamp((int)MathF.Floor(sighting.Box.Top), 0, frame.Height - 1),
                Math.Clamp((int)MathF.Ceiling(sighting.Box.Right), 1, frame.Width), Math.Clamp((int)MathF.Ceiling(sighting.Box.Bottom), 1, frame.Height),
                frame.Width, frame.Height);
            if (box.Right <= box.Left || box.Bottom <= box.Top)
                continue;
            var o = new StructuredObject(Guid.CreateVersion7(), _gatewayId, camera.Id, kind, sighting.Label, sighting.TrackId, sighting.At, box,
                Math.Clamp(sighting.Score, 0, 1), DirectionCode(sighting.Direction),
                new ObjectImage(crop.Evidence.Uri, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(crop.Jpeg)), crop.Width, crop.Height, crop.Jpeg));
            _publishObject(camera.Id, o);
            _log.LogInformation("Camera {Camera}: {Kind} track {Track} sent as object {ObjectId} ({Bytes} bytes crop)", camera.Id, ObjectKinds.Code(kind), sighting.TrackId, o.ObjectId, crop.Jpeg.Length);
        }
    }

    private static string? DirectionCode(TravelDirection direction) => direction switch
    {
        TravelDirection.Up => "up",
        TravelDirection.UpRight => "up_right",
        TravelDirection.Right => "right",
        TravelDirection.DownRight => "down_right",
        TravelDirection.Down => "down",
        TravelDirection.DownLeft => "down_left",
        TravelDirection.Left => "left",
        TravelDirection.UpLeft => "up_left",
        _ => null,
    };

    /// <summary>
    /// Off the alert publisher: the clip can only be cut once the video after the alert is recorded. The clip is named
    /// by an update of the alert (attribute <c>clip</c>), as the raised event's <c>evidence</c> holds the snapshot.
    /// </summary>
    private void StartClipCapture(Camera camera, ClipRecorder clips, CameraAlert alert, Dictionary<string, string> raised)
    {
        var capture = Task.Run(() => PublishClipAsync(camera, clips, alert, raised), CancellationToken.None);
        lock (_clipGate)
            _clipCaptures.Add(capture);
        capture.ContinueWith(done =>
        {
            lock (_clipGate)
                _clipCaptures.Remove(done);
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task PublishClipAsync(Camera camera, ClipRecorder clips, CameraAlert alert, Dictionary<string, string> raised)
    {
        EvidenceRef? clip;
        try
        {
            clip = await _evidence!.CaptureClipAsync(camera.Id, clips, alert.At, _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        if (clip is null)
            return;
        var attributes = new Dictionary<string, string>(raised, StringComparer.Ordinal) { ["phase"] = "updated", ["clip"] = clip.Uri };
        var eventId = _publisher.PublishEvent(new Detection(camera.Id, camera.Place, alert.Type, _time.GetUtcNow(), attributes));
        _log.LogInformation("Camera {Camera} rule {Rule}: clip {Uri} of alert {AlertId} (event {EventId})", camera.Id, alert.Rule, clip.Uri, alert.AlertId, eventId);
    }

    private void OnHealthChanged(Camera camera, CameraHealthChanged change)
    {
        var state = change.Health == CameraHealth.Online ? "online" : "offline";
        camera.SetState(state, change.At);
        _publisher.PublishState(camera.Id, state, change.At);
        if (change.Health != CameraHealth.Offline)
        {
            _log.LogInformation("Camera {Camera} is online", camera.Id);
            return;
        }
        _log.LogWarning("Camera {Camera} is offline: {Reason}", camera.Id, change.Reason);
        _publisher.PublishEvent(new Detection(camera.Id, camera.Place, EventTypes.CameraOffline, change.At,
            new Dictionary<string, string>(StringComparer.Ordinal) { ["camera"] = camera.Id, ["reason"] = Truncate(change.Reason, MaxAttributeLength) }));
    }

    private void PublishTelemetry(Camera camera)
    {
        var telemetry = camera.Pipeline.TakeTelemetry();
        var now = _time.GetUtcNow();
        camera.Measured(telemetry, now);
        _publisher.PublishTelemetry(camera.Id, telemetry.ToValues(), now);
    }

    private void OnFailure(string camera, Exception error) => _log.LogError(error, "Camera {Camera}: a frame could not be analysed", camera);

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    /// <summary>One configured camera and its pipeline.</summary>
    private sealed class Camera
    {
        private readonly Lock _statusGate = new();
        private CameraService? _service;
        private CameraStatus _status;

        private Camera(CameraConfig config, Place place, DateTimeOffset now)
        {
            Config = config;
            Place = place;
            _status = new CameraStatus(config.Id, "starting", now, null, null, null, null, null);
        }

        public CameraStatus Status
        {
            get
            {
                lock (_statusGate)
                    return _status;
            }
        }

        public void SetState(string state, DateTimeOffset at)
        {
            lock (_statusGate)
                _status = _status with { State = state, Since = at };
        }

        public void Measured(CameraTelemetry telemetry, DateTimeOffset at)
        {
            lock (_statusGate)
            {
                _status = _status with
                {
                    InputFps = Math.Round(telemetry.InputFramesPerSecond, 2),
                    DetectFps = Math.Round(telemetry.DetectFramesPerSecond, 2),
                    SkippedPercent = Math.Round(telemetry.SkippedPercent, 2),
                    MeasuredAt = at,
                    LastFrameAt = telemetry.InputFramesPerSecond > 0 ? at : _status.LastFrameAt,
                };
            }
        }

        public CameraConfig Config { get; }

        public string Id => Config.Id;

        public Place Place { get; }

        public CameraPipeline Pipeline { get; private set; } = null!;

        /// <summary>The camera's rolling segments for alert clips, or null when clips are off.</summary>
        public ClipRecorder? Clips { get; set; }

        /// <summary>The camera's zones as snapshots draw them.</summary>
        public IReadOnlyList<AnnotatedZone> Zones { get; private set; } = [];

        public static Camera Create(GatewayConfig gateway, CameraConfig config, InferenceScheduler? scheduler, bool captureAlertFrames, TimeProvider time)
        {
            var place = new Place(gateway.Community, gateway.Grid, config.Place.Building, config.Place.Unit, config.Place.Floor, config.Place.Room);
            var camera = new Camera(config, place, time.GetUtcNow());
            IReadOnlyList<CameraRule> rules;
            try
            {
                var zones = CameraZones.Create(config.Id, config.Zones, config.Width, config.Height);
                rules = CameraRules.Create(config.Id, config.Rules, zones, scheduler?.Detector.Labels);
                camera.Zones = [.. zones.All.Select(z => new AnnotatedZone(z.Name, z.Points, Closed: z.Kind == ZoneKind.Area))];
            }
            catch (CameraSetupException e)
            {
                throw new AgentStartupException(string.Join("; ", e.Problems), e);
            }
            var isFile = !config.Source.Contains("://", StringComparison.Ordinal);
            var source = new CameraSource(new CameraSourceOptions
            {
                Name = config.Id,
                Input = config.Source,
                Width = config.Width,
                Height = config.Height,
                FramesPerSecond = config.FramesPerSecond,
                Loop = isFile && config.Loop,
                RealTime = isFile && config.RealTime,
            });
            var options = new CameraPipelineOptions
            {
                Camera = config.Id,
                DetectFramesPerSecond = config.DetectFramesPerSecond,
                CaptureAlertFrames = captureAlertFrames,
                Sightings = config.ObjectsPerMinute > 0 && captureAlertFrames ? new ObjectSightingOptions { MinimumInterval = TimeSpan.FromMinutes(1.0 / config.ObjectsPerMinute) } : null,
            };
            camera.Pipeline = new CameraPipeline(options, source, scheduler?.AddLane(config.Id), rules, alert => camera._service?.Enqueue(camera, alert), time);
            return camera;
        }

        public void Connect(CameraService service)
        {
            _service = service;
            Pipeline.Source.HealthChanged += (_, change) => service.OnHealthChanged(this, change);
            Pipeline.Failed += service.OnFailure;
            Pipeline.Sighted += sighting => service.Enqueue(this, sighting);
        }
    }
}
