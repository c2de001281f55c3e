using System.Globalization;
using EdgeSecurity.Bindings.OnnxRuntime;

namespace EdgeSecurity.Video;

/// <summary>
/// Ultralytics YOLOv8 export (../shared/models/README.md): one channel-major [1, 4 + classes, anchors] output. Rows
/// 0..3 are the decoded centre box (cx, cy, w, h) in input pixels, the rest class scores; there is no objectness.
/// </summary>
internal sealed class YoloV8Decoder : DetectionDecoder
{
    private readonly int _anchors;

    private YoloV8Decoder(IReadOnlyList<string> labels, int anchors)
        : base(labels)
    {
        _anchors = anchors;
    }

    public static YoloV8Decoder Create(ModelManifest manifest, InferenceSession session, IReadOnlyList<string> labels)
    {
        var anchors = Grids(manifest).Sum(g => g.Columns * g.Rows);
        long[] shape = [1, 4 + labels.Count, anchors];
        if (session.Outputs.Length != 1 || !session.Outputs[0].Shape.SequenceEqual(shape))
            throw Mismatch(manifest, session, string.Create(CultureInfo.InvariantCulture, $"one output [{string.Join(',', shape)}] ({labels.Count} classes, {anchors} anchors for strides {string.Join('/', manifest.Strides)})"));
        return new YoloV8Decoder(labels, anchors);
    }

    public override void Decode(InferenceResult outputs, InputGeometry geometry, ClassThresholds thresholds, List<DetectedObject> candidates)
    {
        var data = outputs.GetFloats(0);
        var n = _anchors;
        for (var anchor = 0; anchor < n; anchor++)
        {
            var classId = 0;
            var score = data[(4 * n) + anchor];
            for (var c = 1; c < Labels.Count; c++)
            {
                var classScore = data[((4 + c) * n) + anchor];
                if (classScore > score)
                    (classId, score) = (c, classScore);
            }
            if (!thresholds.Accepts(classId, score))
                continue;

            var centreX = data[anchor];
            var centreY = data[n + anchor];
            var halfWidth = data[(2 * n) + anchor] / 2;
            var halfHeight = data[(3 * n) + anchor] / 2;
            var box = geometry.ToSource(centreX - halfWidth, centreY - halfHeight, centreX + halfWidth, centreY + halfHeight);
            candidates.Add(new DetectedObject(classId, Labels[classId], score, box));
        }
    }
}
