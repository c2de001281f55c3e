using System.Numerics;

namespace EdgeSecurity.Video;

/// <summary>
/// Finds where a frame differs from a running-average background, so the detector runs only when and where something
/// moves. The frame is reduced to a small grayscale grid of cells; comparing it with the background and updating the
/// background is one vectorised pass, and a static scene stops there. Not thread-safe: one per camera.
/// </summary>
public sealed class MotionDetector
{
    private readonly MotionDetectorOptions _options;
    private readonly List<BoundingBox> _regions = [];
    private readonly List<int> _regionAreas = [];
    private float[] _gray = [];
    private float[] _background = [];
    private float[] _watched = [];
    private int[] _changed = [];
    private int[] _stack = [];
    private int _columns;
    private int _rows;
    private int _frameWidth;
    private int _frameHeight;
    private int _framesSeen;
    private int _watchedCells;

    public MotionDetector(MotionDetectorOptions? options = null)
    {
        _options = options ?? new MotionDetectorOptions();
        _options.Validate();
    }

    /// <summary>Share of watched cells that changed in the last frame (0–1), for telemetry.</summary>
    public float ChangedFraction { get; private set; }

    /// <summary>
    /// Compares the frame with the background and learns it. Returns the moving areas in frame pixels, merged and
    /// without noise; the list is reused, so it is valid until the next call.
    /// </summary>
    public IReadOnlyList<BoundingBox> Detect(VideoFrame frame)
    {
        if (frame.Width != _frameWidth || frame.Height != _frameHeight)
            Resize(frame.Width, frame.Height);
        _regions.Clear();
        ChangedFraction = 0;
        ReduceToGrayCells(frame);
        if (_framesSeen++ == 0)
        {
            _gray.AsSpan().CopyTo(_background);
            return _regions;
        }
        var changedCells = CompareAndLearn();
        if (changedCells == 0 || _framesSeen <= _options.WarmUpFrames)
            return _regions;
        ChangedFraction = (float)changedCells / Math.Max(1, _watchedCells);
        FindRegions();
        return _regions;
    }

    private void Resize(int width, int height)
    {
        var cell = _options.CellSize;
        (_frameWidth, _frameHeight) = (width, height);
        _columns = Math.Max(1, width / cell);
        _rows = Math.Max(1, height / cell);
        var cells = _columns * _rows;
        // Padded to whole vectors; the padding is never watched, so it never counts as motion.
        var padded = (cells + Vector<float>.Count - 1) / Vector<float>.Count * Vector<float>.Count;
        _gray = new float[padded];
        _background = new float[padded];
        _watched = new float[padded];
        _changed = new int[padded];
        _stack = new int[cells];
        for (var row = 0; row < _rows; row++)
        {
            for (var column = 0; column < _columns; column++)
            {
                float x = (column * cell) + (cell / 2f), y = (row * cell) + (cell / 2f);
                _watched[(row * _columns) + column] = _options.Masks.Any(mask => mask.Contains(x, y)) ? 0 : 1;
            }
        }
        _watchedCells = (int)_watched.Sum();
        _framesSeen = 0;
    }

    /// <summary>Each cell's brightness from the 2×2 pixels at its centre: enough to see an object, a fraction of the reads.</summary>
    private void ReduceToGrayCells(VideoFrame frame)
    {
        var pixels = frame.Pixels.Span;
        var cell = _options.CellSize;
        // The 2×2 block must fit: a 1-pixel-wide or -high frame samples its one column or row twice.
        var nextRow = frame.Height > 1 ? frame.Stride : 0;
        var nextPixel = frame.Width > 1 ? VideoFrame.BytesPerPixel : 0;
        var lastX = frame.Width - 1 - (nextPixel == 0 ? 0 : 1);
        var lastY = frame.Height - 1 - (nextRow == 0 ? 0 : 1);
        var (blue, red) = frame.Format == PixelFormat.Bgr24 ? (0, 2) : (2, 0);
        for (var row = 0; row < _rows; row++)
        {
            var y = Math.Min((row * cell) + (cell / 2), lastY);
            // Both sampled rows of this band of cells, sliced once so the inner loop's indexing is cheap to check.
            var top = pixels.Slice(y * frame.Stride, (lastX * VideoFrame.BytesPerPixel) + nextPixel + VideoFrame.BytesPerPixel);
            var bottom = pixels.Slice((y * frame.Stride) + nextRow, top.Length);
            var cells = _gray.AsSpan(row * _columns, _columns);
            for (var column = 0; column < cells.Length; column++)
            {
                var at = Math.Min((column * cell) + (cell / 2), lastX) * VideoFrame.BytesPerPixel;
                var right = at + nextPixel;
                int b = top[at + blue] + top[right + blue] + bottom[at + blue] + bottom[right + blue];
                int g = top[at + 1] + top[right + 1] + bottom[at + 1] + bottom[right + 1];
                int r = top[at + red] + top[right + red] + bottom[at + red] + bottom[right + red];
                // ITU-R BT.601 luma weights in 1/1024ths, over the 4 samples.
                cells[column] = ((117 * b) + (601 * g) + (306 * r)) / 4096f;
            }
        }
    }

    /// <summary>Marks cells that differ from the background and moves the background toward the frame; returns how many changed.</summary>
    private int CompareAndLearn()
    {
        var threshold = new Vector<float>(_options.PixelThreshold);
        var rate = new Vector<float>(_options.LearningRate);
        var changed = Vector<int>.Zero;
        for (var i = 0; i < _gray.Length; i += Vector<float>.Count)
        {
            var gray = new Vector<float>(_gray, i);
            var background = new Vector<float>(_background, i);
            var difference = gray - background;
            var moved = Vector.GreaterThan(Vector.Abs(difference) * new Vector<float>(_watched, i), threshold);
            moved.CopyTo(_changed, i);
            changed -= moved;
            (background + (difference * rate)).CopyTo(_background, i);
        }
        return Vector.Sum(changed);
    }

    /// <summary>
    /// Groups changed cells that lie within the merge distance of each other (a flood fill over that neighbourhood),
    /// keeps groups large enough, and merges boxes that still overlap.
    /// </summary>
    private void FindRegions()
    {
        var reach = _options.MergeDistance + 1;
        var cell = _options.CellSize;
        for (var start = 0; start < _columns * _rows; start++)
        {
            if (_changed[start] == 0)
                continue;
            _changed[start] = 0;
            var depth = 0;
            _stack[depth++] = start;
            int left = int.MaxValue, top = int.MaxValue, right = -1, bottom = -1, count = 0;
            while (depth > 0)
            {
                var index = _stack[--depth];
                int x = index % _columns, y = index / _columns;
                (left, top, right, bottom) = (Math.Min(left, x), Math.Min(top, y), Math.Max(right, x), Math.Max(bottom, y));
                count++;
                for (var ny = Math.Max(0, y - reach); ny <= Math.Min(_rows - 1, y + reach); ny++)
                {
                    for (var nx = Math.Max(0, x - reach); nx <= Math.Min(_columns - 1, x + reach); nx++)
                    {
                        var neighbour = (ny * _columns) + nx;
                        if (_changed[neighbour] == 0)
                            continue;
                        _changed[neighbour] = 0;
                        _stack[depth++] = neighbour;
                    }
                }
            }
            var box = new BoundingBox(left * cell, top * cell, Math.Min(_frameWidth, (right + 1) * cell), Math.Min(_frameHeight, (bottom + 1) * cell));
            AddMerged(box, count * cell * cell);
        }
        for (var i = _regions.Count - 1; i >= 0; i--)
        {
            if (_regionAreas[i] < _options.MinimumArea)
            {
                _regions.RemoveAt(i);
                _regionAreas.RemoveAt(i);
            }
        }
        _regionAreas.Clear();
    }

    private void AddMerged(BoundingBox box, int area)
    {
        for (var i = 0; i < _regions.Count; i++)
        {
            var other = _regions[i];
            if (box.Left < other.Right && other.Left < box.Right && box.Top < other.Bottom && other.Top < box.Bottom)
            {
                _regions.RemoveAt(i);
                var combinedArea = _regionAreas[i] + area;
                _regionAreas.RemoveAt(i);
                AddMerged(new BoundingBox(Math.Min(box.Left, other.Left), Math.Min(box.Top, other.Top), Math.Max(box.Right, other.Right), Math.Max(box.Bottom, other.Bottom)), combinedArea);
                return;
            }
        }
        _regions.Add(box);
        _regionAreas.Add(area);
    }
}
