namespace EdgeSecurity.Video;

/// <summary>Where a track heads, in image terms (up is toward the top of the frame); 8 sectors of 45°.</summary>
public enum TravelDirection
{
    None,
    Right,
    DownRight,
    Down,
    DownLeft,
    Left,
    UpLeft,
    Up,
    UpRight,
}
