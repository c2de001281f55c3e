using System.Globalization;

namespace EdgeSecurity.Video;

/// <summary>
/// Burns what the analytics saw into a frame: zones first (so boxes stay on top), then each object's box and its
/// label (class, track id, score). It draws on the frame it is given, so callers hand it their own copy.
/// </summary>
public static class FrameAnnotator
{
    /// <summary>Line width and text scale grow with the frame, so labels stay readable on 1080p and small on 360p.</summary>
    public static void Draw(VideoFrame frame, IReadOnlyList<AnnotatedObject> objects, IReadOnlyList<AnnotatedZone> zones)
    {
        ArgumentNullException.ThrowIfNull(objects);
        ArgumentNullException.ThrowIfNull(zones);
        var canvas = new FrameCanvas(frame);
        var scale = Math.Max(1, frame.Height / 400);
        var thickness = Math.Max(2, frame.Height / 240);

        foreach (var zone in zones)
        {
            var points = zone.Points;
            if (points.Count == 0)
                continue;
            for (var i = 1; i < points.Count; i++)
                canvas.Line(points[i - 1], points[i], thickness, Colour.Yellow);
            if (zone.Closed && points.Count > 2)
                canvas.Line(points[^1], points[0], thickness, Colour.Yellow);
            canvas.Label(zone.Name, (int)points[0].X, (int)points[0].Y, scale, Colour.Yellow, Colour.Black);
        }

        foreach (var item in objects)
        {
            // By track, so one person keeps a colour across snapshots; untracked objects by class name (not string.GetHashCode, which changes per process).
            var colour = item.Alert ? Colour.Red : Colour.Palette[(int)((uint)(item.TrackId ?? item.ClassName.Sum(c => c)) % Colour.Palette.Count)];
            var left = (int)MathF.Floor(item.Box.Left);
            var top = (int)MathF.Floor(item.Box.Top);
            var width = Math.Max(1, (int)MathF.Ceiling(item.Box.Right) - left);
            var height = Math.Max(1, (int)MathF.Ceiling(item.Box.Bottom) - top);
            canvas.Rectangle(left, top, width, height, thickness, colour);
            var labelHeight = (BitmapFont.GlyphHeight + (2 * BitmapFont.Spacing)) * scale;
            // Above the box when there is room, else just inside its top edge.
            var labelY = top - labelHeight >= 0 ? top - labelHeight : top + thickness;
            canvas.Label(LabelOf(item), left, labelY, scale, colour, Colour.White);
        }
    }

    public static string LabelOf(AnnotatedObject item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var track = item.TrackId is { } id ? string.Create(CultureInfo.InvariantCulture, $" #{id}") : "";
        return string.Create(CultureInfo.InvariantCulture, $"{item.ClassName}{track} {item.Score:0.00}");
    }
}
