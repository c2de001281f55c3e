using System.Globalization;

namespace EdgeSecurity.Video;

/// <summary>
/// A labelled pixel grid over a frame, for an installer picking a zone's points on a snapshot: a line every
/// <c>step</c> pixels, each labelled with its coordinate along the top and left edges, in the frame's own pixels
/// (the camera's detect size, which zones are given in).
/// </summary>
public static class CoordinateGrid
{
    public static Colour LineColour { get; } = new(0, 230, 255);

    /// <summary>A round step giving at least ten lines across the wider side: 10, 20, 25, 50, 100, 200 …</summary>
    public static int StepFor(int width, int height)
    {
        var target = Math.Max(width, height) / 10.0;
        int[] steps = [10, 20, 25, 50, 100, 200, 250, 500];
        return steps.LastOrDefault(s => s <= target, 10);
    }

    public static void Draw(VideoFrame frame, int step)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(step, 2);
        var canvas = new FrameCanvas(frame);
        var scale = Math.Max(1, frame.Height / 400);
        var thickness = Math.Max(1, frame.Height / 360);
        for (var x = step; x < frame.Width; x += step)
            canvas.Fill(x - (thickness / 2), 0, thickness, frame.Height, LineColour);
        for (var y = step; y < frame.Height; y += step)
            canvas.Fill(0, y - (thickness / 2), frame.Width, thickness, LineColour);
        // Numbers after every line, so no line crosses a number.
        for (var x = step; x < frame.Width; x += step)
            canvas.Label(x.ToString(CultureInfo.InvariantCulture), x + thickness, 0, scale, Colour.Black, Colour.White);
        for (var y = step; y < frame.Height; y += step)
            canvas.Label(y.ToString(CultureInfo.InvariantCulture), 0, y + thickness, scale, Colour.Black, Colour.White);
        canvas.Label("0", 0, 0, scale, Colour.Black, Colour.White);
    }
}
