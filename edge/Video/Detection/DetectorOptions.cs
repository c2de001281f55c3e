namespace EdgeSecurity.Video;

/// <summary>Per-deployment choices that override the manifest's defaults; everything left null keeps the manifest's value.</summary>
public sealed record DetectorOptions
{
    /// <summary>Lowest score reported, for classes without their own threshold.</summary>
    public float? ScoreThreshold { get; init; }

    /// <summary>Per-label thresholds, e.g. a stricter one for "person" on a busy street.</summary>
    public IReadOnlyDictionary<string, float>? ClassScoreThresholds { get; init; }

    /// <summary>Labels to report, e.g. ["person", "car"]; null reports every class. Other classes are dropped before NMS.</summary>
    public IReadOnlyCollection<string>? Classes { get; init; }

    /// <summary>Boxes of one class overlapping a better one by more than this IoU are dropped.</summary>
    public float? NmsIouThreshold { get; init; }

    public int? MaxDetections { get; init; }
}
