namespace EdgeSecurity.Video;

public enum TrackState
{
    /// <summary>Seen too few times to be trusted; rules ignore it.</summary>
    Tentative,

    /// <summary>Matched in the last detection of its area.</summary>
    Confirmed,

    /// <summary>Missed lately; kept for the lost timeout so it can be matched again under the same id.</summary>
    Lost,
}
