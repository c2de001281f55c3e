using System.Diagnostics;
using System.Security.Cryptography;
using EdgeSecurity.Contract;
using EdgeSecurity.Video;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Agent.Cameras;

/// <summary>
/// Alert snapshots for every camera of the gateway: faces pixelated (UltraFace), zones and tracked objects drawn, kept
/// in the gateway's evidence store under its size cap, and sent to the hub when small enough. Called only from the
/// cameras' alert publisher, one alert at a time, so one recorder and one face detector serve every camera; the
/// cameras' own threads only copy the frame. With <c>evidence.clips</c> on, it also makes each camera's clip recorder
/// and cuts alert clips into the same store, kept on the gateway only (their faces are not pixelated).
/// </summary>
internal sealed class AlertEvidence : IDisposable
{
    private const string JpegContentType = "image/jpeg";

    private readonly EvidenceStore _store;
    private readonly OnnxObjectDetector _faces;
    private readonly EvidenceRecorder _recorder;
    private readonly EvidenceConfig _config;
    private readonly Action<string, EvidenceUpload>? _upload;
    private readonly TimeProvider _time;
    private readonly ILogger<AlertEvidence> _log;

    private AlertEvidence(EvidenceStore store, OnnxObjectDetector faces, EvidenceConfig config, Action<string, EvidenceUpload>? upload, TimeProvider time, ILogger<AlertEvidence> log)
    {
        _store = store;
        _time = time;
        _faces = faces;
        _config = config;
        _upload = upload;
        _log = log;
        _recorder = new EvidenceRecorder(store, faces, new EvidenceRecorderOptions { JpegQuality = config.JpegQuality, KeepUnblurredOriginal = config.KeepUnblurredOriginal });
    }

    /// <exception cref="AgentStartupException">The evidence directory cannot be created, or the face model is missing or wrong.</exception>
    public static AlertEvidence Open(string dataDirectory, string gatewayId, EvidenceConfig config, Action<string, EvidenceUpload>? upload, TimeProvider time, ILogger<AlertEvidence> log)
    {
        EvidenceStore store;
        try
        {
            store = EvidenceStore.Open(new EvidenceStoreOptions { DataDirectory = dataDirectory, GatewayId = gatewayId, MaxBytes = config.MaxBytes }, time);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AgentStartupException($"the evidence directory {Path.Combine(dataDirectory, "evidence")} cannot be used: {e.Message}", e);
        }
        var faces = CameraService.LoadDetector("evidence face model", config.FaceModel, options: null);
        return new AlertEvidence(store, faces, config, upload, time, log);
    }

    /// <summary>The snapshot of an alert's frame, or null when it cannot be stored (logged: the alert goes out without it).</summary>
    public EvidenceRef? Capture(string camera, AlertFrame frame, IReadOnlyList<AnnotatedZone> zones)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var snapshot = _recorder.Capture(frame.Frame, frame.Objects, zones, EvidenceRetention.Alert);
            _log.LogInformation("Camera {Camera}: snapshot {Uri} in {Milliseconds:0.0} ms ({Faces} face(s) pixelated)",
                camera, snapshot.Uri, Stopwatch.GetElapsedTime(started).TotalMilliseconds, _recorder.LastBlurredFaces.Count);
            return snapshot;
        }
#pragma warning disable CA1031 // A snapshot that fails (disk full, the face model failing) must not cost the alert itself.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _log.LogError(e, "Camera {Camera}: the alert's snapshot could not be made; the alert goes out without it", camera);
            return null;
        }
    }

    /// <summary>
    /// A structured object's picture: the frame cropped around the object's box with faces pixelated, kept in the
    /// evidence store like a snapshot (same retention and size cap); null when it cannot be made (logged).
    /// </summary>
    public CroppedSnapshot? CaptureCrop(string camera, AlertFrame frame, BoundingBox box)
    {
        try
        {
            return _recorder.CaptureCrop(frame.Frame, box, EvidenceRetention.Alert);
        }
#pragma warning disable CA1031 // A crop that fails (disk full, the face model failing) costs that object only.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _log.LogError(e, "Camera {Camera}: a structured object's crop could not be made; the object is not sent", camera);
            return null;
        }
    }

    /// <summary>
    /// The camera's clip recorder when <c>evidence.clips</c> is on, else null. Its segments live under the store's
    /// <c>tmp/</c>; the buffer holds the time before an alert with 30 s to spare, for an alert that waits in the queue.
    /// </summary>
    public ClipRecorder? CreateClipRecorder(CameraConfig camera)
    {
        if (!_config.Clips.Enabled)
            return null;
        var isFile = !camera.Source.Contains("://", StringComparison.Ordinal);
        return new ClipRecorder(new ClipRecorderOptions
        {
            Name = camera.Id,
            Input = camera.Source,
            RealTime = isFile && camera.RealTime,
            Before = _config.Clips.Before,
            After = _config.Clips.After,
            Buffer = _config.Clips.Before + TimeSpan.FromSeconds(30),
        }, _store, _time);
    }

    /// <summary>
    /// The clip around an alert, kept on the gateway only (faces in it are not pixelated), once the video after it has
    /// been recorded; null when no recorded video covers it or it cannot be cut (logged).
    /// </summary>
    public async Task<EvidenceRef?> CaptureClipAsync(string camera, ClipRecorder recorder, DateTimeOffset at, CancellationToken cancellationToken)
    {
        try
        {
            var clip = await recorder.CaptureAsync(at, EvidenceRetention.Alert, cancellationToken).ConfigureAwait(false);
            if (clip is null)
                _log.LogWarning("Camera {Camera}: no recorded video covers the alert at {At:O}, so it has no clip ({Reason})", camera, at, recorder.LastError ?? "nothing recorded yet");
            else
                _log.LogInformation("Camera {Camera}: clip {Uri} (kept on the gateway)", camera, clip.Uri);
            return clip;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.LogError("Camera {Camera}: the clip of the alert at {At:O} could not be cut: {Reason}", camera, at, e.Message);
            return null;
        }
    }

    /// <summary>Sends a stored snapshot to the hub when it fits the upload size; a larger one stays on the gateway.</summary>
    public void Upload(string camera, EvidenceRef snapshot)
    {
        if (_upload is null || _config.UploadMaxBytes == 0)
            return;
        byte[] data;
        try
        {
            using var file = _store.OpenRead(snapshot.Uri);
            if (file.Length > _config.UploadMaxBytes)
            {
                _log.LogInformation("Camera {Camera}: snapshot {Uri} ({Bytes} bytes) exceeds evidence.uploadMaxKilobytes; it stays on the gateway", camera, snapshot.Uri, file.Length);
                return;
            }
            data = new byte[file.Length];
            file.ReadExactly(data);
        }
        catch (IOException e)
        {
            _log.LogWarning("Camera {Camera}: snapshot {Uri} could not be read for the hub: {Reason}", camera, snapshot.Uri, e.Message);
            return;
        }
        _upload(camera, new EvidenceUpload(snapshot.Uri, JpegContentType, Convert.ToHexStringLower(SHA256.HashData(data)), data));
    }

    public void Dispose()
    {
        _recorder.Dispose();
        _faces.Dispose();
    }
}
