namespace EdgeSecurity.Video;

/// <summary>An axis-aligned box in pixels of the original frame: left and top inclusive, right and bottom exclusive edges.</summary>
public readonly record struct BoundingBox(float Left, float Top, float Right, float Bottom)
{
    public float Width => Right - Left;

    public float Height => Bottom - Top;

    public float Area => Math.Max(0, Width) * Math.Max(0, Height);

    /// <summary>Overlap ÷ union, from 0 (apart) to 1 (identical); 0 when both are empty.</summary>
    public float IntersectionOverUnion(BoundingBox other)
    {
        var width = Math.Min(Right, other.Right) - Math.Max(Left, other.Left);
        var height = Math.Min(Bottom, other.Bottom) - Math.Max(Top, other.Top);
        if (width <= 0 || height <= 0)
            return 0;
        var intersection = width * height;
        return intersection / (Area + other.Area - intersection);
    }

    public override string ToString() => FormattableString.Invariant($"[{Left:0},{Top:0},{Right:0},{Bottom:0}]");
}
