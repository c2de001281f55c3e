namespace EdgeSecurity.Video;

/// <summary>
/// Turns a packed BGR/RGB frame into a model's planar NCHW float input: bilinear resize (letterbox or stretch),
/// channel order, and (pixel − mean) ÷ std. Per output row, the two source rows are converted to floats (vectorised,
/// once per source row), blended vertically and normalised in one vectorised multiply-add (normalising before the
/// horizontal step is exact, its weights sum to 1), then resampled horizontally straight into the three planes of the
/// tensor. Not thread-safe: it keeps row buffers.
/// </summary>
public sealed class ImagePreprocessor
{
    private readonly ModelInput _input;
    private readonly float[] _padding = new float[3];
    private readonly (ChannelPattern Scale, ChannelPattern Offset) _sameOrder;
    private readonly (ChannelPattern Scale, ChannelPattern Offset) _swappedOrder;
    private readonly SourceRowCache _rows = new();
    private readonly float[] _tensor;
    private float[] _blended = [];
    private ResizePlan? _plan;
    private ResizePlan? _paddedPlan;

    public ImagePreprocessor(ModelInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _input = input;
        var scale = new float[3];
        var offset = new float[3];
        for (var channel = 0; channel < 3; channel++)
        {
            scale[channel] = 1 / input.Std[channel];
            offset[channel] = -input.Mean[channel] / input.Std[channel];
            _padding[channel] = (input.PadValue * scale[channel]) + offset[channel];
        }
        _sameOrder = (new ChannelPattern(scale[0], scale[1], scale[2]), new ChannelPattern(offset[0], offset[1], offset[2]));
        _swappedOrder = (new ChannelPattern(scale[2], scale[1], scale[0]), new ChannelPattern(offset[2], offset[1], offset[0]));
        // ORT reads it in place for as long as the detector lives, pinned: the pinned object heap keeps it out of the way of compaction.
        _tensor = GC.AllocateUninitializedArray<float>(3 * input.Width * input.Height, pinned: true);
    }

    /// <summary>The model input this preprocessor writes: 3 × height × width floats, planar (NCHW, batch 1).</summary>
    public Memory<float> Tensor => _tensor;

    /// <summary>Writes the frame into <see cref="Tensor"/> and says where it landed.</summary>
    /// <remarks>
    /// The letterbox padding is written only when the frame size changes: frames of one size never cover it, and
    /// rewriting it would be a quarter of the tensor per frame for 4:3 video.
    /// </remarks>
    public InputGeometry Preprocess(VideoFrame frame)
    {
        var tensor = _tensor.AsSpan();
        if (_plan is null || !_plan.Fits(frame))
        {
            _plan = new ResizePlan(frame.Width, frame.Height, _input);
            _blended = new float[frame.Width * VideoFrame.BytesPerPixel];
        }
        var plan = _plan;
        var sameOrder = (frame.Format == PixelFormat.Bgr24) == (_input.Channels == ChannelOrder.Bgr);
        // For each model channel, where it sits in a source pixel; the patterns are in source order.
        var channels = sameOrder ? (0, 1, 2) : (2, 1, 0);
        var (scale, offset) = sameOrder ? _sameOrder : _swappedOrder;
        var planeSize = _input.Width * _input.Height;
        var padX = (int)plan.Geometry.PadX;
        var padY = (int)plan.Geometry.PadY;

        _rows.Begin(frame);
        for (var y = 0; y < plan.Height; y++)
        {
            PixelKernels.BlendRows(_rows.Get(plan.RowTop[y]), _rows.Get(plan.RowBottom[y]), plan.RowWeight[y], scale, offset, _blended);
            var start = ((padY + y) * _input.Width) + padX;
            PixelKernels.ResampleColumns(
                _blended,
                plan,
                channels,
                tensor.Slice(start, plan.Width),
                tensor.Slice(planeSize + start, plan.Width),
                tensor.Slice((2 * planeSize) + start, plan.Width));
        }
        if (_paddedPlan != plan)
        {
            FillPadding(tensor, plan, padX, padY);
            _paddedPlan = plan;
        }
        return plan.Geometry;
    }

    private void FillPadding(Span<float> tensor, ResizePlan plan, int padX, int padY)
    {
        if (plan.Width == _input.Width && plan.Height == _input.Height)
            return;
        var width = _input.Width;
        var planeSize = width * _input.Height;
        for (var channel = 0; channel < 3; channel++)
        {
            var plane = tensor.Slice(channel * planeSize, planeSize);
            var value = _padding[channel];
            plane[..(padY * width)].Fill(value);
            plane[((padY + plan.Height) * width)..].Fill(value);
            for (var y = padY; y < padY + plan.Height; y++)
            {
                var row = plane.Slice(y * width, width);
                row[..padX].Fill(value);
                row[(padX + plan.Width)..].Fill(value);
            }
        }
    }
}
