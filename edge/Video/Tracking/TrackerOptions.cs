namespace EdgeSecurity.Video;

/// <summary>ByteTrack's thresholds; the defaults are the paper's, tuned for 5–10 detections a second.</summary>
public sealed record TrackerOptions
{
    /// <summary>Detections at or above this score are matched first, against every track.</summary>
    public float HighScore { get; init; } = 0.5f;

    /// <summary>Detections from this score up to <see cref="HighScore"/> only keep existing tracks alive (an occluded person scores low).</summary>
    public float LowScore { get; init; } = 0.1f;

    /// <summary>An unmatched detection starts a track only from this score.</summary>
    public float NewTrackScore { get; init; } = 0.6f;

    /// <summary>Least box overlap for a high-score match.</summary>
    public float MatchIou { get; init; } = 0.2f;

    /// <summary>Least box overlap for a low-score match, stricter because low scores are often clutter.</summary>
    public float LowScoreMatchIou { get; init; } = 0.5f;

    /// <summary>Matches in a row before a new track counts (one stray detection is not an object).</summary>
    public int ConfirmHits { get; init; } = 2;

    /// <summary>A track unmatched for this long is dropped; until then it can come back under its id.</summary>
    public TimeSpan LostTimeout { get; init; } = TimeSpan.FromSeconds(3);

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(LowScore);
        ArgumentOutOfRangeException.ThrowIfLessThan(HighScore, LowScore);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MatchIou);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(LowScoreMatchIou);
        ArgumentOutOfRangeException.ThrowIfLessThan(ConfirmHits, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(LostTimeout, TimeSpan.Zero);
    }
}
