namespace EdgeSecurity.Video;

/// <summary>
/// Which way an object crossed a tripwire, seen from its first point looking toward its second (image coordinates,
/// y down): from the left-hand side to the right-hand side, or back.
/// </summary>
public enum LineCrossing
{
    None,
    LeftToRight,
    RightToLeft,
}
