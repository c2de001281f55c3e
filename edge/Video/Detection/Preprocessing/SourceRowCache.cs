namespace EdgeSecurity.Video;

/// <summary>
/// The two most recently used source rows of a frame, as floats. Output row y blends source rows y0 and y0 + 1, and
/// the next output row mostly reuses one of them, so each source row is converted at most once per frame.
/// </summary>
internal sealed class SourceRowCache
{
    private readonly float[][] _rows = [[], []];
    private readonly int[] _sourceRow = [-1, -1];
    private int _lastReturned;
    private VideoFrame _frame;

    /// <summary>Starts a frame: rows kept from the previous one are stale.</summary>
    public void Begin(VideoFrame frame)
    {
        _frame = frame;
        _sourceRow[0] = _sourceRow[1] = -1;
        var length = frame.Width * VideoFrame.BytesPerPixel;
        for (var slot = 0; slot < 2; slot++)
        {
            if (_rows[slot].Length != length)
                _rows[slot] = new float[length];
        }
    }

    public ReadOnlySpan<float> Get(int sourceRow)
    {
        for (var slot = 0; slot < 2; slot++)
        {
            if (_sourceRow[slot] == sourceRow)
                return Use(slot);
        }
        // The row asked for just before (the upper row of the same output row) must survive: take the other slot.
        var victim = 1 - _lastReturned;
        PixelKernels.ToFloats(_frame.Row(sourceRow), _rows[victim]);
        _sourceRow[victim] = sourceRow;
        return Use(victim);
    }

    private float[] Use(int slot)
    {
        _lastReturned = slot;
        return _rows[slot];
    }
}
