namespace EdgeSecurity.Video;

/// <summary>Plane geometry for zones and tripwires, in frame pixels.</summary>
internal static class Geometry
{
    /// <summary>The cross product of (b − a) and (p − a): positive on one side of the line a→b, negative on the other, 0 on it.</summary>
    public static float Side(PixelPoint a, PixelPoint b, PixelPoint p) => ((b.X - a.X) * (p.Y - a.Y)) - ((b.Y - a.Y) * (p.X - a.X));

    /// <summary>Whether the closed segments p1–p2 and q1–q2 share a point.</summary>
    public static bool SegmentsIntersect(PixelPoint p1, PixelPoint p2, PixelPoint q1, PixelPoint q2)
    {
        var d1 = Side(q1, q2, p1);
        var d2 = Side(q1, q2, p2);
        var d3 = Side(p1, p2, q1);
        var d4 = Side(p1, p2, q2);
        if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)))
            return true;
        return (d1 == 0 && OnSegment(q1, q2, p1)) || (d2 == 0 && OnSegment(q1, q2, p2))
            || (d3 == 0 && OnSegment(p1, p2, q1)) || (d4 == 0 && OnSegment(p1, p2, q2));
    }

    /// <summary>Twice the signed area (shoelace formula).</summary>
    public static float DoubleArea(IReadOnlyList<PixelPoint> points)
    {
        var sum = 0f;
        for (int i = 0, j = points.Count - 1; i < points.Count; j = i++)
            sum += (points[j].X * points[i].Y) - (points[i].X * points[j].Y);
        return sum;
    }

    private static bool OnSegment(PixelPoint a, PixelPoint b, PixelPoint p) =>
        p.X >= Math.Min(a.X, b.X) && p.X <= Math.Max(a.X, b.X) && p.Y >= Math.Min(a.Y, b.Y) && p.Y <= Math.Max(a.Y, b.Y);
}
