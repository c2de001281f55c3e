namespace EdgeSecurity.Video;

/// <summary>
/// Bilinear sampling positions for one source size, computed once and reused while the camera keeps that size.
/// Positions follow OpenCV's INTER_LINEAR (pixel centres aligned, edges clamped), which the models were exported with.
/// </summary>
internal sealed class ResizePlan
{
    public ResizePlan(int sourceWidth, int sourceHeight, ModelInput input)
    {
        SourceWidth = sourceWidth;
        SourceHeight = sourceHeight;
        if (input.Resize == ResizeMode.Stretch)
        {
            Width = input.Width;
            Height = input.Height;
            Geometry = new InputGeometry((float)input.Width / sourceWidth, (float)input.Height / sourceHeight, 0, 0, sourceWidth, sourceHeight);
        }
        else
        {
            var scale = Math.Min((float)input.Width / sourceWidth, (float)input.Height / sourceHeight);
            Width = Math.Clamp((int)MathF.Round(sourceWidth * scale), 1, input.Width);
            Height = Math.Clamp((int)MathF.Round(sourceHeight * scale), 1, input.Height);
            var centred = input.Resize == ResizeMode.LetterboxCentred;
            Geometry = new InputGeometry(scale, scale, centred ? (input.Width - Width) / 2 : 0, centred ? (input.Height - Height) / 2 : 0, sourceWidth, sourceHeight);
        }

        (ColumnLeft, ColumnRight, ColumnWeight) = Taps(sourceWidth, Width, VideoFrame.BytesPerPixel);
        (RowTop, RowBottom, RowWeight) = Taps(sourceHeight, Height, 1);
    }

    public int SourceWidth { get; }

    public int SourceHeight { get; }

    /// <summary>Size of the resized picture inside the model input.</summary>
    public int Width { get; }

    public int Height { get; }

    public InputGeometry Geometry { get; }

    /// <summary>Per output column: byte offsets of the left and right source pixels and the right one's weight.</summary>
    public int[] ColumnLeft { get; }

    public int[] ColumnRight { get; }

    public float[] ColumnWeight { get; }

    /// <summary>Per output row: the upper and lower source rows and the lower one's weight.</summary>
    public int[] RowTop { get; }

    public int[] RowBottom { get; }

    public float[] RowWeight { get; }

    public bool Fits(VideoFrame frame) => frame.Width == SourceWidth && frame.Height == SourceHeight;

    private static (int[] First, int[] Second, float[] Weight) Taps(int sourceSize, int targetSize, int step)
    {
        var first = new int[targetSize];
        var second = new int[targetSize];
        var weight = new float[targetSize];
        var ratio = (double)sourceSize / targetSize;
        for (var i = 0; i < targetSize; i++)
        {
            var position = ((i + 0.5) * ratio) - 0.5;
            var index = (int)Math.Floor(position);
            var fraction = (float)(position - index);
            if (index < 0)
                (index, fraction) = (0, 0);
            if (index >= sourceSize - 1)
                (index, fraction) = (sourceSize - 1, 0);
            first[i] = index * step;
            second[i] = Math.Min(index + 1, sourceSize - 1) * step;
            weight[i] = fraction;
        }
        return (first, second, weight);
    }
}
