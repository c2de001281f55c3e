using System.Collections.Immutable;
using System.Globalization;
using EdgeSecurity.Bindings.OnnxRuntime;

namespace EdgeSecurity.Video;

/// <summary>
/// YOLOX (../shared/models/README.md): one [1, anchors, 5 + classes] output, anchors by stride then row then column;
/// per anchor [dx, dy, log w, log h, objectness, class scores], sigmoids already applied, boxes not yet decoded.
/// </summary>
internal sealed class YoloxDecoder : DetectionDecoder
{
    private readonly ImmutableArray<(int Stride, int Columns, int Rows)> _grids;
    private readonly int _rowLength;

    private YoloxDecoder(IReadOnlyList<string> labels, ImmutableArray<(int Stride, int Columns, int Rows)> grids)
        : base(labels)
    {
        _grids = grids;
        _rowLength = 5 + labels.Count;
    }

    public static YoloxDecoder Create(ModelManifest manifest, InferenceSession session, IReadOnlyList<string> labels)
    {
        var grids = Grids(manifest);
        var anchors = grids.Sum(g => g.Columns * g.Rows);
        long[] shape = [1, anchors, 5 + labels.Count];
        if (session.Outputs.Length != 1 || !session.Outputs[0].Shape.SequenceEqual(shape))
            throw Mismatch(manifest, session, string.Create(CultureInfo.InvariantCulture, $"one output [{string.Join(',', shape)}] ({anchors} anchors for strides {string.Join('/', manifest.Strides)}, {labels.Count} classes)"));
        return new YoloxDecoder(labels, grids);
    }

    public override void Decode(InferenceResult outputs, InputGeometry geometry, ClassThresholds thresholds, List<DetectedObject> candidates)
    {
        var data = outputs.GetFloats(0);
        var anchor = 0;
        foreach (var (stride, columns, rows) in _grids)
        {
            for (var row = 0; row < rows; row++)
            {
                for (var column = 0; column < columns; column++, anchor++)
                {
                    var values = data.Slice(anchor * _rowLength, _rowLength);
                    // Class scores are at most 1, so objectness alone bounds the score: most anchors stop here.
                    var objectness = values[4];
                    if (objectness < thresholds.Lowest)
                        continue;
                    var (classId, classScore) = ArgMax(values[5..]);
                    var score = objectness * classScore;
                    if (!thresholds.Accepts(classId, score))
                        continue;

                    var centreX = (values[0] + column) * stride;
                    var centreY = (values[1] + row) * stride;
                    var halfWidth = MathF.Exp(values[2]) * stride / 2;
                    var halfHeight = MathF.Exp(values[3]) * stride / 2;
                    var box = geometry.ToSource(centreX - halfWidth, centreY - halfHeight, centreX + halfWidth, centreY + halfHeight);
                    candidates.Add(new DetectedObject(classId, Labels[classId], score, box));
                }
            }
        }
    }
}
