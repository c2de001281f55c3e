namespace EdgeSecurity.Video;

/// <summary>How sensitive motion detection is and where it looks.</summary>
public sealed record MotionDetectorOptions
{
    /// <summary>
    /// Frames are analysed as grayscale cells of this many frame pixels square (4 turns 640×360 into 160×90): motion
    /// that matters to a detector is many pixels wide, and the small grid keeps a static scene cheap.
    /// </summary>
    public int CellSize { get; init; } = 4;

    /// <summary>A cell moved when its brightness differs from the background by more than this (0–255).</summary>
    public float PixelThreshold { get; init; } = 25;

    /// <summary>Regions with fewer changed frame pixels than this are noise (leaves, compression artefacts).</summary>
    public int MinimumArea { get; init; } = 64;

    /// <summary>How fast the background absorbs change per frame (0–1): higher forgets a parked car sooner.</summary>
    public float LearningRate { get; init; } = 0.05f;

    /// <summary>Frames after the first one (or a size change) before motion is reported, while the background settles.</summary>
    public int WarmUpFrames { get; init; } = 2;

    /// <summary>Changed areas closer than this many cells are one region, so a walking person is one box, not limbs.</summary>
    public int MergeDistance { get; init; } = 2;

    /// <summary>Areas where motion is ignored, in frame pixels (a tree in the wind, a clock).</summary>
    public IReadOnlyList<Polygon> Masks { get; init; } = [];

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(CellSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(PixelThreshold);
        ArgumentOutOfRangeException.ThrowIfNegative(MinimumArea);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(LearningRate);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(LearningRate, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(WarmUpFrames);
        ArgumentOutOfRangeException.ThrowIfNegative(MergeDistance);
    }
}
