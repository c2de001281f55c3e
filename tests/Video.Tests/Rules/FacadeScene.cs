namespace EdgeSecurity.Video.Tests;

/// <summary>
/// A facade the test draws: a 320×480 wall with a grid of windows (storeys of 60 px) and a little sensor noise, and
/// one small dark object wherever the test puts it.
/// </summary>
internal sealed class FacadeScene
{
    public const int Width = 320;
    public const int Height = 480;
    public const float FloorHeight = 60;
    private const int ObjectSize = 10;
    private readonly Random _random = new(7);
    private readonly byte[] _wall = new byte[Width * Height * VideoFrame.BytesPerPixel];

    public FacadeScene()
    {
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var window = x % 80 is > 20 and < 60 && y % (int)FloorHeight is > 15 and < 45;
                var value = window ? 90 : 180;
                var at = ((y * Width) + x) * VideoFrame.BytesPerPixel;
                _wall[at] = _wall[at + 1] = _wall[at + 2] = (byte)value;
            }
        }
    }

    public VideoFrame Frame(float? objectX = null, float? objectY = null, int objectWidth = ObjectSize, int objectHeight = ObjectSize)
    {
        var pixels = (byte[])_wall.Clone();
        for (var i = 0; i < pixels.Length; i += 3)
        {
            var value = (byte)Math.Clamp(pixels[i] + _random.Next(-3, 4), 0, 255);
            pixels[i] = pixels[i + 1] = pixels[i + 2] = value;
        }
        if (objectX is { } ox && objectY is { } oy)
        {
            for (var y = (int)oy; y < (int)oy + objectHeight; y++)
            {
                for (var x = (int)ox; x < (int)ox + objectWidth; x++)
                {
                    if (x < 0 || y < 0 || x >= Width || y >= Height)
                        continue;
                    var at = ((y * Width) + x) * VideoFrame.BytesPerPixel;
                    pixels[at] = pixels[at + 1] = pixels[at + 2] = 20;
                }
            }
        }
        return new VideoFrame(pixels, Width, Height, PixelFormat.Bgr24);
    }
}
