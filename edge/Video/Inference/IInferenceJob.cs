namespace EdgeSecurity.Video;

/// <summary>
/// One frame waiting for the shared detector. The queue calls exactly one of <see cref="Complete"/>,
/// <see cref="Fail"/> or <see cref="Skip"/>, on its worker thread (or, for a skip, on the thread that submitted the
/// newer frame), so the job can give its frame back to the camera's pool there. An exception from <see cref="Complete"/>
/// is treated like the detector's (the scheduler calls <see cref="Fail"/>); <see cref="Fail"/> and <see cref="Skip"/> must
/// not throw.
/// </summary>
public interface IInferenceJob
{
    /// <summary>What the detector runs on: the whole frame or a crop of it.</summary>
    VideoFrame Frame { get; }

    /// <summary>The detector's result, valid only during the call; <paramref name="inferenceTime"/> is the detector's own time.</summary>
    void Complete(IReadOnlyList<DetectedObject> detections, TimeSpan inferenceTime);

    /// <summary>The detector threw; the queue goes on with the next camera.</summary>
    void Fail(Exception exception);

    /// <summary>A newer frame of the same camera took this one's place before the detector reached it.</summary>
    void Skip();
}
