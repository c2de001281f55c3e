namespace EdgeSecurity.Video;

/// <summary>A validated zone in frame pixels: an area to be inside of, or a line to cross.</summary>
public sealed class Zone
{
    private readonly Polygon? _area;

    internal Zone(string name, ZoneKind kind, IReadOnlyList<PixelPoint> points)
    {
        Name = name;
        Kind = kind;
        Points = points;
        if (kind == ZoneKind.Area)
            _area = new Polygon(points);
    }

    public string Name { get; }

    public ZoneKind Kind { get; }

    /// <summary>In frame pixels.</summary>
    public IReadOnlyList<PixelPoint> Points { get; }

    /// <summary>Whether the point is inside an area zone; a line contains nothing.</summary>
    public bool Contains(PixelPoint point) => _area?.Contains(point.X, point.Y) ?? false;

    /// <summary>Whether the step from <paramref name="from"/> to <paramref name="to"/> crosses this line zone, and which way.</summary>
    public LineCrossing Crossing(PixelPoint from, PixelPoint to)
    {
        if (Kind != ZoneKind.Line || !Geometry.SegmentsIntersect(from, to, Points[0], Points[1]))
            return LineCrossing.None;
        var before = Geometry.Side(Points[0], Points[1], from);
        var after = Geometry.Side(Points[0], Points[1], to);
        // Image y points down, so a positive cross product is the right-hand side of the line's direction.
        return (before, after) switch
        {
            (< 0, > 0) => LineCrossing.LeftToRight,
            (> 0, < 0) => LineCrossing.RightToLeft,
            _ => LineCrossing.None,
        };
    }
}
