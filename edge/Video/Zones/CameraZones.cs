using System.Globalization;

namespace EdgeSecurity.Video;

/// <summary>The zones of one camera, checked against its frame size and converted to frame pixels.</summary>
public sealed class CameraZones
{
    private readonly Dictionary<string, Zone> _byName;

    private CameraZones(Dictionary<string, Zone> byName) => _byName = byName;

    public IReadOnlyCollection<Zone> All => _byName.Values;

    public Zone? Find(string name) => _byName.GetValueOrDefault(name);

    /// <exception cref="CameraSetupException">Any zone is unusable; every problem is listed, each with the camera and zone names.</exception>
    public static CameraZones Create(string camera, IReadOnlyList<ZoneDefinition> zones, int frameWidth, int frameHeight)
    {
        ArgumentNullException.ThrowIfNull(zones);
        var problems = new List<string>();
        var byName = new Dictionary<string, Zone>(StringComparer.Ordinal);
        foreach (var definition in zones)
        {
            var found = Check(definition, frameWidth, frameHeight);
            problems.AddRange(found.Select(p => $"camera {camera} zone {definition.Name}: {p}"));
            if (found.Count == 0 && !byName.TryAdd(definition.Name, new Zone(definition.Name, definition.Kind, ToPixels(definition, frameWidth, frameHeight))))
                problems.Add($"camera {camera} zone {definition.Name}: the name is used by another zone of this camera");
        }
        if (problems.Count > 0)
            throw new CameraSetupException(problems);
        return new CameraZones(byName);
    }

    /// <summary>What is wrong with one zone, without the camera and zone names; empty when it is usable.</summary>
    public static IReadOnlyList<string> Check(ZoneDefinition zone, int frameWidth, int frameHeight)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var problems = new List<string>();
        var points = zone.Points;
        if (zone.Kind == ZoneKind.Line && points.Count != 2)
            problems.Add($"a line needs exactly 2 points; it has {points.Count}");
        if (zone.Kind == ZoneKind.Area && points.Count < 3)
            problems.Add($"an area needs at least 3 points; it has {points.Count}");
        var (maxX, maxY, frame) = zone.Units == ZoneUnits.Relative
            ? (1f, 1f, "the frame (relative coordinates go from 0 to 1)")
            : ((float)frameWidth, (float)frameHeight, $"the {frameWidth}×{frameHeight} frame");
        for (var i = 0; i < points.Count; i++)
        {
            var (x, y) = (points[i].X, points[i].Y);
            if (!float.IsFinite(x) || !float.IsFinite(y) || x < 0 || y < 0 || x > maxX || y > maxY)
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"point {i + 1} ({x:0.###}, {y:0.###}) is outside {frame}"));
        }
        if (problems.Count > 0)
            return problems;
        var pixels = ToPixels(zone, frameWidth, frameHeight);
        if (zone.Kind == ZoneKind.Line && pixels[0] == pixels[1])
            problems.Add("the line's two points are the same point");
        if (zone.Kind == ZoneKind.Area)
        {
            if (FirstSelfIntersection(pixels) is var (a, b))
                problems.Add($"the polygon crosses itself: edge {a + 1} (point {a + 1} to {(a + 1) % pixels.Count + 1}) crosses edge {b + 1} (point {b + 1} to {(b + 1) % pixels.Count + 1})");
            else if (Math.Abs(Geometry.DoubleArea(pixels)) < 2)
                problems.Add("the polygon has no area (its points are on one line)");
        }
        return problems;
    }

    private static List<PixelPoint> ToPixels(ZoneDefinition zone, int frameWidth, int frameHeight) =>
        zone.Units == ZoneUnits.Relative
            ? [.. zone.Points.Select(p => new PixelPoint(p.X * frameWidth, p.Y * frameHeight))]
            : [.. zone.Points];

    /// <summary>The first pair of edges that are not neighbours and meet; null for a simple polygon.</summary>
    private static (int, int)? FirstSelfIntersection(List<PixelPoint> points)
    {
        var n = points.Count;
        for (var a = 0; a < n; a++)
        {
            for (var b = a + 1; b < n; b++)
            {
                var neighbours = b == a + 1 || (a == 0 && b == n - 1);
                if (neighbours)
                    continue;
                if (Geometry.SegmentsIntersect(points[a], points[(a + 1) % n], points[b], points[(b + 1) % n]))
                    return (a, b);
            }
        }
        return null;
    }
}
