using System.Globalization;
using EdgeSecurity.Bindings.OnnxRuntime;

namespace EdgeSecurity.Video;

/// <summary>
/// UltraFace "version-RFB" (../shared/models/README.md): priors and softmax are already in the graph. <c>scores</c>
/// [1, anchors, 2] is (background, face); <c>boxes</c> [1, anchors, 4] is x1, y1, x2, y2 relative to the input, which may
/// fall slightly outside 0..1 (clipped when mapped to the frame). One class.
/// </summary>
internal sealed class UltraFaceDecoder : DetectionDecoder
{
    private readonly int _anchors;
    private readonly int _scores;
    private readonly int _boxes;
    private readonly float _inputWidth;
    private readonly float _inputHeight;

    private UltraFaceDecoder(IReadOnlyList<string> labels, int anchors, int scores, int boxes, ModelInput input)
        : base(labels)
    {
        (_anchors, _scores, _boxes) = (anchors, scores, boxes);
        (_inputWidth, _inputHeight) = (input.Width, input.Height);
    }

    public static UltraFaceDecoder Create(ModelManifest manifest, InferenceSession session, IReadOnlyList<string> labels)
    {
        var names = session.Outputs.Select(o => o.Name).ToList();
        var scores = names.IndexOf("scores");
        var boxes = names.IndexOf("boxes");
        var anchors = scores < 0 ? 0 : session.Outputs[scores].Shape[1];
        if (labels.Count != 1 || session.Outputs.Length != 2 || scores < 0 || boxes < 0 || anchors <= 0
            || !session.Outputs[scores].Shape.SequenceEqual([1, anchors, 2]) || !session.Outputs[boxes].Shape.SequenceEqual([1, anchors, 4]))
        {
            throw Mismatch(manifest, session, string.Create(CultureInfo.InvariantCulture,
                $"outputs scores [1,N,2] and boxes [1,N,4] and one label (the labels file has {labels.Count})"));
        }
        return new UltraFaceDecoder(labels, (int)anchors, scores, boxes, manifest.Input);
    }

    public override void Decode(InferenceResult outputs, InputGeometry geometry, ClassThresholds thresholds, List<DetectedObject> candidates)
    {
        var scores = outputs.GetFloats(_scores);
        var boxes = outputs.GetFloats(_boxes);
        for (var anchor = 0; anchor < _anchors; anchor++)
        {
            var score = scores[(anchor * 2) + 1];
            if (!thresholds.Accepts(0, score))
                continue;
            var box = boxes.Slice(anchor * 4, 4);
            candidates.Add(new DetectedObject(0, Labels[0], score,
                geometry.ToSource(box[0] * _inputWidth, box[1] * _inputHeight, box[2] * _inputWidth, box[3] * _inputHeight)));
        }
    }
}
