namespace EdgeSecurity.Video;

/// <summary>
/// Drawing primitives on a packed 3-byte frame, clipped to it: every shape may lie partly or wholly outside, as boxes
/// near the edge and zones drawn for a larger resolution do.
/// </summary>
internal readonly ref struct FrameCanvas(VideoFrame frame)
{
    private readonly Span<byte> _pixels = frame.Pixels.Span;
    private readonly bool _rgb = frame.Format == PixelFormat.Rgb24;

    public int Width { get; } = frame.Width;

    public int Height { get; } = frame.Height;

    public void Fill(int x, int y, int width, int height, Colour colour)
    {
        var left = Math.Max(0, x);
        var top = Math.Max(0, y);
        var right = Math.Min(Width, x + width);
        var bottom = Math.Min(Height, y + height);
        var (first, second, third) = _rgb ? (colour.R, colour.G, colour.B) : (colour.B, colour.G, colour.R);
        for (var row = top; row < bottom; row++)
        {
            var line = _pixels.Slice(row * frame.Stride, Width * VideoFrame.BytesPerPixel);
            for (var column = left; column < right; column++)
            {
                var at = column * VideoFrame.BytesPerPixel;
                line[at] = first;
                line[at + 1] = second;
                line[at + 2] = third;
            }
        }
    }

    public void Rectangle(int x, int y, int width, int height, int thickness, Colour colour)
    {
        Fill(x, y, width, thickness, colour);
        Fill(x, y + height - thickness, width, thickness, colour);
        Fill(x, y, thickness, height, colour);
        Fill(x + width - thickness, y, thickness, height, colour);
    }

    /// <summary>Bresenham's line, each step a square of the thickness.</summary>
    public void Line(PixelPoint from, PixelPoint to, int thickness, Colour colour)
    {
        int x0 = (int)MathF.Round(from.X), y0 = (int)MathF.Round(from.Y), x1 = (int)MathF.Round(to.X), y1 = (int)MathF.Round(to.Y);
        int dx = Math.Abs(x1 - x0), dy = -Math.Abs(y1 - y0), sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1, error = dx + dy;
        var half = thickness / 2;
        while (true)
        {
            Fill(x0 - half, y0 - half, thickness, thickness, colour);
            if (x0 == x1 && y0 == y1)
                return;
            var doubled = 2 * error;
            if (doubled >= dy)
                (error, x0) = (error + dy, x0 + sx);
            if (doubled <= dx)
                (error, y0) = (error + dx, y0 + sy);
        }
    }

    /// <summary>Text on a filled background whose top-left corner is (x, y), moved inside the frame when it would leave it.</summary>
    public void Label(string text, int x, int y, int scale, Colour background, Colour foreground)
    {
        var width = BitmapFont.TextWidth(text.Length, scale) + (2 * BitmapFont.Spacing * scale);
        var height = (BitmapFont.GlyphHeight + (2 * BitmapFont.Spacing)) * scale;
        x = Math.Clamp(x, 0, Math.Max(0, Width - width));
        y = Math.Clamp(y, 0, Math.Max(0, Height - height));
        Fill(x, y, width, height, background);
        var penX = x + (BitmapFont.Spacing * scale);
        var penY = y + (BitmapFont.Spacing * scale);
        foreach (var c in text)
        {
            var rows = BitmapFont.Glyph(c);
            for (var row = 0; row < BitmapFont.GlyphHeight; row++)
            {
                for (var column = 0; column < BitmapFont.GlyphWidth; column++)
                {
                    if ((rows[row] & (1 << (BitmapFont.GlyphWidth - 1 - column))) != 0)
                        Fill(penX + (column * scale), penY + (row * scale), scale, scale, foreground);
                }
            }
            penX += (BitmapFont.GlyphWidth + BitmapFont.Spacing) * scale;
        }
    }
}
