namespace EdgeSecurity.Video;

/// <summary>
/// Where to run the detector when only part of the frame moves: a crop around the motion with the model input's aspect
/// ratio, so the detector scales it without distortion and small, distant objects get more model pixels.
/// </summary>
public static class DetectionCrop
{
    /// <summary>
    /// The rectangle around every region, widened by <paramref name="margin"/> of its size on each side, grown to the
    /// model's aspect ratio (and to at least half the model's input size), moved inside the frame. When the regions
    /// span more than fits, the result is the largest such rectangle in the frame, centred on them.
    /// </summary>
    public static PixelRectangle Around(IReadOnlyList<BoundingBox> regions, int frameWidth, int frameHeight, int modelWidth, int modelHeight, float margin = 0.1f)
    {
        ArgumentNullException.ThrowIfNull(regions);
        if (regions.Count == 0)
            throw new ArgumentException("There is no region to crop around.", nameof(regions));
        ArgumentOutOfRangeException.ThrowIfLessThan(frameWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(frameHeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(modelWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(modelHeight, 1);

        var union = regions.Aggregate((a, b) => new BoundingBox(Math.Min(a.Left, b.Left), Math.Min(a.Top, b.Top), Math.Max(a.Right, b.Right), Math.Max(a.Bottom, b.Bottom)));
        var aspect = (double)modelWidth / modelHeight;
        var width = Math.Max(union.Width * (1 + (2 * margin)), modelWidth / 2.0);
        var height = Math.Max(union.Height * (1 + (2 * margin)), modelHeight / 2.0);
        if (width / height < aspect)
            width = height * aspect;
        else
            height = width / aspect;
        if (width > frameWidth)
            (width, height) = (frameWidth, frameWidth / aspect);
        if (height > frameHeight)
            (width, height) = (frameHeight * aspect, frameHeight);

        var cropWidth = Math.Clamp((int)Math.Round(width), 1, frameWidth);
        var cropHeight = Math.Clamp((int)Math.Round(height), 1, frameHeight);
        var centreX = (union.Left + union.Right) / 2;
        var centreY = (union.Top + union.Bottom) / 2;
        var x = Math.Clamp((int)Math.Round(centreX - (cropWidth / 2.0)), 0, frameWidth - cropWidth);
        var y = Math.Clamp((int)Math.Round(centreY - (cropHeight / 2.0)), 0, frameHeight - cropHeight);
        return new PixelRectangle(x, y, cropWidth, cropHeight);
    }

    /// <summary>The crop as a frame of its own over the same pixels (the parent's stride), with no copy.</summary>
    public static VideoFrame Of(VideoFrame frame, PixelRectangle crop)
    {
        if (crop.X < 0 || crop.Y < 0 || crop.Width < 1 || crop.Height < 1 || crop.Right > frame.Width || crop.Bottom > frame.Height)
            throw new ArgumentOutOfRangeException(nameof(crop), crop, $"The crop is not inside the {frame.Width}×{frame.Height} frame.");
        var start = (crop.Y * frame.Stride) + (crop.X * VideoFrame.BytesPerPixel);
        return new VideoFrame(frame.Pixels[start..], crop.Width, crop.Height, frame.Format, frame.Stride);
    }

    /// <summary>A box the detector found in the crop, in the full frame's pixels.</summary>
    public static BoundingBox ToFrame(BoundingBox inCrop, PixelRectangle crop) =>
        new(inCrop.Left + crop.X, inCrop.Top + crop.Y, inCrop.Right + crop.X, inCrop.Bottom + crop.Y);
}
