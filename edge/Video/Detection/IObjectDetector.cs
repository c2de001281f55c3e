namespace EdgeSecurity.Video;

/// <summary>
/// Finds objects in a frame. Every model family (YOLOX, PicoDet, YOLOv8, ...) sits behind this one interface; what
/// differs between them is data in their <see cref="ModelManifest"/>. An instance is not thread-safe: it reuses its
/// buffers from frame to frame, so give each inference worker its own.
/// </summary>
public interface IObjectDetector : IDisposable
{
    ModelManifest Manifest { get; }

    /// <summary>Class names in class-id order.</summary>
    IReadOnlyList<string> Labels { get; }

    /// <summary>The objects found, best score first, boxes in the frame's own pixels.</summary>
    IReadOnlyList<DetectedObject> Detect(VideoFrame frame);
}
