namespace EdgeSecurity.Video.Tests;

/// <summary>
/// Frames the test draws: a fixed textured background with a little sensor noise, and optionally a dark square, so the
/// test knows exactly what moved and where.
/// </summary>
internal sealed class SyntheticScene(int width = 320, int height = 240, int noise = 3)
{
    public const int SquareSize = 24;
    private readonly Random _random = new(42);

    public int Width => width;

    public int Height => height;

    /// <summary>A frame with the square's top-left corner at <paramref name="square"/>, or without a square.</summary>
    public VideoFrame Frame((int X, int Y)? square = null)
    {
        var pixels = new byte[width * height * VideoFrame.BytesPerPixel];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var inSquare = square is { } at && x >= at.X && x < at.X + SquareSize && y >= at.Y && y < at.Y + SquareSize;
                // Mid-grey texture between 80 and 200, so the dark square always differs by far more than the threshold.
                var value = inSquare ? 10 : 80 + (((x * 7) + (y * 13)) % 120) + _random.Next(-noise, noise + 1);
                var at3 = ((y * width) + x) * VideoFrame.BytesPerPixel;
                pixels[at3] = pixels[at3 + 1] = pixels[at3 + 2] = (byte)value;
            }
        }
        return new VideoFrame(pixels, width, height, PixelFormat.Bgr24);
    }

    public static BoundingBox SquareAt((int X, int Y) at) => new(at.X, at.Y, at.X + SquareSize, at.Y + SquareSize);
}
