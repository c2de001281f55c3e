using EdgeSecurity.Bindings.TurboJpeg;
using EdgeSecurity.Contract;

namespace EdgeSecurity.Video;

/// <summary>A crop stored in the evidence store: its reference, size in pixels and the JPEG itself.</summary>
public sealed record CroppedSnapshot(EvidenceRef Evidence, int Width, int Height, byte[] Jpeg);

/// <summary>
/// Makes the snapshot for an event: a copy of the frame with faces pixelated, zones and objects drawn on it, as a
/// JPEG in the evidence store, referenced by the <see cref="EvidenceRef"/> an event carries. The camera's frame is only
/// read, so it can go on to the next stage. Buffers (the copy, the JPEG) are reused from call to call; calls are
/// serialised, so one recorder can serve a camera's workers.
/// </summary>
public sealed class EvidenceRecorder : IDisposable
{
    private readonly Lock _gate = new();
    private readonly EvidenceStore _store;
    private readonly EvidenceRecorderOptions _options;
    private readonly FaceBlur? _faceBlur;
    private readonly JpegCompressor _compressor = new();
    private byte[] _copy = [];

    /// <param name="faceDetector">The face detector (UltraFace); required unless <see cref="EvidenceRecorderOptions.BlurFaces"/> is off.</param>
    /// <exception cref="ArgumentException">Faces are to be blurred but no face detector was given.</exception>
    public EvidenceRecorder(EvidenceStore store, IObjectDetector? faceDetector, EvidenceRecorderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _options = options ?? new EvidenceRecorderOptions();
        if (_options.JpegQuality is < 1 or > 100)
            throw new ArgumentOutOfRangeException(nameof(options), _options.JpegQuality, "JpegQuality goes from 1 to 100.");
        if (_options.BlurFaces)
        {
            if (faceDetector is null)
                throw new ArgumentException("Faces are blurred on evidence by default, which needs a face detector (models/ultraface_rfb_320.yaml); pass one, or turn BlurFaces off explicitly.", nameof(faceDetector));
            _faceBlur = new FaceBlur(faceDetector, _options.FaceBlur);
        }
    }

    /// <summary>Faces pixelated by the last capture, in frame pixels (for logs and tests).</summary>
    public IReadOnlyList<PixelRectangle> LastBlurredFaces { get; private set; } = [];

    /// <summary>Stores a snapshot of the frame and returns the reference an event carries.</summary>
    /// <exception cref="IOException">The evidence directory cannot be written (disk full, read-only).</exception>
    public EvidenceRef Capture(VideoFrame frame, IReadOnlyList<AnnotatedObject> objects, IReadOnlyList<AnnotatedZone> zones, EvidenceRetention retention)
    {
        ArgumentNullException.ThrowIfNull(objects);
        ArgumentNullException.ThrowIfNull(zones);
        lock (_gate)
        {
            var format = frame.Format == PixelFormat.Rgb24 ? JpegPixelFormat.Rgb : JpegPixelFormat.Bgr;
            var id = _store.NewId();
            if (_options.KeepUnblurredOriginal)
            {
                var original = _compressor.Compress(frame.Pixels.Span, frame.Width, frame.Height, format, _options.JpegQuality, stride: frame.Stride);
                _store.Add(EvidenceFileKind.Original, retention, original.Span, id);
            }

            var copy = CopyOf(frame);
            LastBlurredFaces = _faceBlur?.Apply(copy) ?? [];
            FrameAnnotator.Draw(copy, objects, zones);
            var jpeg = _compressor.Compress(copy.Pixels.Span, copy.Width, copy.Height, format, _options.JpegQuality);
            var item = _store.Add(EvidenceFileKind.Snapshot, retention, jpeg.Span, id);
            return new EvidenceRef(EvidenceKind.Snapshot, item.Uri);
        }
    }

    /// <summary>
    /// Stores a crop of the frame around <paramref name="box"/> (widened by a tenth of its size a side, within the
    /// frame) with faces pixelated, and returns it: a structured object's picture. Faces are found on the whole frame
    /// (the detector sees a face better in its context), nothing is drawn, and no original is kept.
    /// </summary>
    /// <exception cref="IOException">The evidence directory cannot be written (disk full, read-only).</exception>
    public CroppedSnapshot CaptureCrop(VideoFrame frame, BoundingBox box, EvidenceRetention retention)
    {
        lock (_gate)
        {
            var format = frame.Format == PixelFormat.Rgb24 ? JpegPixelFormat.Rgb : JpegPixelFormat.Bgr;
            var copy = CopyOf(frame);
            LastBlurredFaces = _faceBlur?.Apply(copy) ?? [];
            var (marginX, marginY) = (box.Width / 10, box.Height / 10);
            var left = Math.Clamp((int)MathF.Floor(box.Left - marginX), 0, frame.Width - 1);
            var top = Math.Clamp((int)MathF.Floor(box.Top - marginY), 0, frame.Height - 1);
            var right = Math.Clamp((int)MathF.Ceiling(box.Right + marginX), left + 1, frame.Width);
            var bottom = Math.Clamp((int)MathF.Ceiling(box.Bottom + marginY), top + 1, frame.Height);
            var stride = copy.Width * VideoFrame.BytesPerPixel;
            var start = (top * stride) + (left * VideoFrame.BytesPerPixel);
            var length = ((bottom - top - 1) * stride) + ((right - left) * VideoFrame.BytesPerPixel);
            var jpeg = _compressor.Compress(copy.Pixels.Span.Slice(start, length), right - left, bottom - top, format, _options.JpegQuality, stride: stride).ToArray();
            var item = _store.Add(EvidenceFileKind.Snapshot, retention, jpeg);
            return new CroppedSnapshot(new EvidenceRef(EvidenceKind.Snapshot, item.Uri), right - left, bottom - top, jpeg);
        }
    }

    public void Dispose() => _compressor.Dispose();

    /// <summary>A packed copy in the recorder's own buffer: the camera's pooled frame is never drawn on.</summary>
    private VideoFrame CopyOf(VideoFrame frame)
    {
        var rowBytes = frame.Width * VideoFrame.BytesPerPixel;
        var size = rowBytes * frame.Height;
        if (_copy.Length < size)
            _copy = GC.AllocateUninitializedArray<byte>(size);
        var source = frame.Pixels.Span;
        for (var y = 0; y < frame.Height; y++)
            source.Slice(y * frame.Stride, rowBytes).CopyTo(_copy.AsSpan(y * rowBytes));
        return new VideoFrame(_copy.AsMemory(0, size), frame.Width, frame.Height, frame.Format);
    }
}
