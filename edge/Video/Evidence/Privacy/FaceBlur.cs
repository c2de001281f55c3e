namespace EdgeSecurity.Video;

/// <summary>
/// Finds faces with a face detector (UltraFace, <c>models/ultraface_rfb_320.yaml</c>) and pixelates each one in
/// place, widened by a margin, with blocks so coarse that nothing of the face can be recovered. Not thread-safe (the
/// detector is not): one per evidence recorder.
/// </summary>
public sealed class FaceBlur(IObjectDetector faces, FaceBlurOptions? options = null)
{
    private readonly FaceBlurOptions _options = options ?? new FaceBlurOptions();

    /// <summary>Detects the faces on the frame and pixelates them in it; returns the areas pixelated.</summary>
    public IReadOnlyList<PixelRectangle> Apply(VideoFrame frame)
    {
        var found = faces.Detect(frame);
        var areas = new List<PixelRectangle>(found.Count);
        foreach (var face in found)
        {
            var area = Widen(face.Box, frame.Width, frame.Height);
            if (area.Width > 0 && area.Height > 0)
            {
                Pixelate(frame, area);
                areas.Add(area);
            }
        }
        return areas;
    }

    internal PixelRectangle Widen(BoundingBox box, int frameWidth, int frameHeight)
    {
        var marginX = box.Width * _options.Margin;
        var marginY = box.Height * _options.Margin;
        var left = Math.Clamp((int)MathF.Floor(box.Left - marginX), 0, frameWidth);
        var top = Math.Clamp((int)MathF.Floor(box.Top - marginY), 0, frameHeight);
        var right = Math.Clamp((int)MathF.Ceiling(box.Right + marginX), 0, frameWidth);
        var bottom = Math.Clamp((int)MathF.Ceiling(box.Bottom + marginY), 0, frameHeight);
        return new PixelRectangle(left, top, right - left, bottom - top);
    }

    /// <summary>Each block becomes the mean of its pixels, per channel.</summary>
    internal void Pixelate(VideoFrame frame, PixelRectangle area)
    {
        var block = Math.Max(_options.MinimumBlockPixels, (Math.Max(area.Width, area.Height) + _options.BlocksAcross - 1) / _options.BlocksAcross);
        var pixels = frame.Pixels.Span;
        for (var blockTop = area.Y; blockTop < area.Bottom; blockTop += block)
        {
            var blockBottom = Math.Min(area.Bottom, blockTop + block);
            for (var blockLeft = area.X; blockLeft < area.Right; blockLeft += block)
            {
                var blockRight = Math.Min(area.Right, blockLeft + block);
                long first = 0, second = 0, third = 0;
                for (var y = blockTop; y < blockBottom; y++)
                {
                    var row = pixels.Slice((y * frame.Stride) + (blockLeft * VideoFrame.BytesPerPixel), (blockRight - blockLeft) * VideoFrame.BytesPerPixel);
                    for (var i = 0; i < row.Length; i += VideoFrame.BytesPerPixel)
                        (first, second, third) = (first + row[i], second + row[i + 1], third + row[i + 2]);
                }
                var count = (long)(blockBottom - blockTop) * (blockRight - blockLeft);
                var (a, b, c) = ((byte)(first / count), (byte)(second / count), (byte)(third / count));
                for (var y = blockTop; y < blockBottom; y++)
                {
                    var row = pixels.Slice((y * frame.Stride) + (blockLeft * VideoFrame.BytesPerPixel), (blockRight - blockLeft) * VideoFrame.BytesPerPixel);
                    for (var i = 0; i < row.Length; i += VideoFrame.BytesPerPixel)
                        (row[i], row[i + 1], row[i + 2]) = (a, b, c);
                }
            }
        }
    }
}
