namespace EdgeSecurity.Video;

/// <summary>A whole-pixel rectangle inside a frame: X and Y inclusive, Right and Bottom exclusive.</summary>
public readonly record struct PixelRectangle(int X, int Y, int Width, int Height)
{
    public int Right => X + Width;

    public int Bottom => Y + Height;
}
