namespace EdgeSecurity.Video;

/// <summary>A closed polygon in frame pixels, e.g. an area where motion is ignored.</summary>
public sealed class Polygon
{
    public Polygon(IReadOnlyList<PixelPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count < 3)
            throw new ArgumentException($"A polygon needs at least 3 points; this one has {points.Count}.", nameof(points));
        Points = points;
    }

    public IReadOnlyList<PixelPoint> Points { get; }

    /// <summary>Even-odd rule: a ray from the point crosses the edges an odd number of times when it is inside.</summary>
    public bool Contains(float x, float y)
    {
        var inside = false;
        for (int i = 0, j = Points.Count - 1; i < Points.Count; j = i++)
        {
            var (a, b) = (Points[i], Points[j]);
            if ((a.Y > y) != (b.Y > y) && x < ((b.X - a.X) * (y - a.Y) / (b.Y - a.Y)) + a.X)
                inside = !inside;
        }
        return inside;
    }
}
