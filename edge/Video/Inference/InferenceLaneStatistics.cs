namespace EdgeSecurity.Video;

/// <summary>Counters of one camera's use of a shared inference queue, since the lane was added.</summary>
/// <param name="Submitted">Frames the camera handed to the queue.</param>
/// <param name="Completed">Frames the detector ran on.</param>
/// <param name="Skipped">Frames replaced by a newer frame of the same camera while they waited.</param>
/// <param name="Failed">Frames on which the detector threw.</param>
/// <param name="InferenceTime">Detector time summed over the completed frames.</param>
public readonly record struct InferenceLaneStatistics(long Submitted, long Completed, long Skipped, long Failed, TimeSpan InferenceTime);
