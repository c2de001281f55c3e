using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using EdgeSecurity.Bindings.OnnxRuntime;

namespace EdgeSecurity.Video;

/// <summary>
/// PP-PicoDet (../shared/models/README.md): per stride a [1, anchors, classes] score output (sigmoid applied, no
/// objectness) and a [1, anchors, 4 × (regMax + 1)] output of raw logits, one distribution per side (left, top, right,
/// bottom). A side's distance is stride × the expected bin under the softmax; anchor centres are at (column + ½) × stride.
/// </summary>
internal sealed class PicoDetDecoder : DetectionDecoder
{
    private readonly ImmutableArray<Level> _levels;
    private readonly int _bins;

    private PicoDetDecoder(IReadOnlyList<string> labels, ImmutableArray<Level> levels, int bins)
        : base(labels)
    {
        _levels = levels;
        _bins = bins;
    }

    public static PicoDetDecoder Create(ModelManifest manifest, InferenceSession session, IReadOnlyList<string> labels)
    {
        var bins = manifest.RegMax + 1;
        var levels = ImmutableArray.CreateBuilder<Level>();
        foreach (var (stride, columns, rows) in Grids(manifest))
        {
            var anchors = columns * rows;
            // Outputs are matched by shape, not by position: exporters name and order them differently.
            var scores = IndexOfShape(session, [1, anchors, labels.Count]);
            var boxes = IndexOfShape(session, [1, anchors, 4 * bins]);
            if (scores < 0 || boxes < 0)
            {
                throw Mismatch(manifest, session, string.Create(CultureInfo.InvariantCulture,
                    $"for stride {stride} a score output [1,{anchors},{labels.Count}] and a box output [1,{anchors},{4 * bins}]"));
            }
            levels.Add(new Level(stride, columns, scores, boxes));
        }
        return new PicoDetDecoder(labels, levels.ToImmutable(), bins);
    }

    public override void Decode(InferenceResult outputs, InputGeometry geometry, ClassThresholds thresholds, List<DetectedObject> candidates)
    {
        var classes = Labels.Count;
        foreach (var level in _levels)
        {
            var scores = outputs.GetFloats(level.ScoreOutput);
            var boxes = outputs.GetFloats(level.BoxOutput);
            var anchors = scores.Length / classes;
            for (var anchor = 0; anchor < anchors; anchor++)
            {
                var classScores = scores.Slice(anchor * classes, classes);
                if (Max(classScores) < thresholds.Lowest)
                    continue;
                var (classId, score) = ArgMax(classScores);
                if (!thresholds.Accepts(classId, score))
                    continue;

                var distributions = boxes.Slice(anchor * 4 * _bins, 4 * _bins);
                var centreX = ((anchor % level.Columns) + 0.5f) * level.Stride;
                var centreY = ((anchor / level.Columns) + 0.5f) * level.Stride;
                var box = geometry.ToSource(
                    centreX - Distance(distributions[.._bins], level.Stride),
                    centreY - Distance(distributions.Slice(_bins, _bins), level.Stride),
                    centreX + Distance(distributions.Slice(2 * _bins, _bins), level.Stride),
                    centreY + Distance(distributions.Slice(3 * _bins, _bins), level.Stride));
                candidates.Add(new DetectedObject(classId, Labels[classId], score, box));
            }
        }
    }

    /// <summary>stride × Σ j·softmax(logits)_j.</summary>
    private static float Distance(ReadOnlySpan<float> logits, int stride)
    {
        var max = Max(logits);
        var sum = 0f;
        var expected = 0f;
        for (var j = 0; j < logits.Length; j++)
        {
            var p = MathF.Exp(logits[j] - max);
            sum += p;
            expected += j * p;
        }
        return stride * expected / sum;
    }

    /// <summary>Vectorised: 80 class scores are 10 AVX2 comparisons, and most anchors end here.</summary>
    private static float Max(ReadOnlySpan<float> values)
    {
        var i = 0;
        var max = float.NegativeInfinity;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<float>.Count)
        {
            var vectorMax = new Vector<float>(values);
            for (i = Vector<float>.Count; i <= values.Length - Vector<float>.Count; i += Vector<float>.Count)
                vectorMax = Vector.Max(vectorMax, new Vector<float>(values[i..]));
            for (var lane = 0; lane < Vector<float>.Count; lane++)
                max = Math.Max(max, vectorMax[lane]);
        }
        for (; i < values.Length; i++)
            max = Math.Max(max, values[i]);
        return max;
    }

    private static int IndexOfShape(InferenceSession session, long[] shape)
    {
        for (var i = 0; i < session.Outputs.Length; i++)
        {
            if (session.Outputs[i].Shape.SequenceEqual(shape))
                return i;
        }
        return -1;
    }

    private sealed record Level(int Stride, int Columns, int ScoreOutput, int BoxOutput);
}
