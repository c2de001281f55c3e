using System.Globalization;

namespace EdgeSecurity.Cli.Zones;

/// <summary>Points as an installer types them: "x1,y1 x2,y2 x3,y3" (pixels of the detect size, or fractions with --relative).</summary>
internal static class PolygonText
{
    public static IReadOnlyList<(double X, double Y)>? Parse(string text)
    {
        var points = new List<(double, double)>();
        foreach (var pair in text.Split([' ', ';'], StringSplitOptions.RemoveEmptyEntries))
        {
            var xy = pair.Split(',');
            if (xy.Length != 2
                || !double.TryParse(xy[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
                || !double.TryParse(xy[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var y)
                || !double.IsFinite(x) || !double.IsFinite(y))
                return null;
            points.Add((x, y));
        }
        return points;
    }
}
