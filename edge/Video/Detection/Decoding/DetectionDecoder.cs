using System.Collections.Immutable;
using System.Globalization;
using EdgeSecurity.Bindings.OnnxRuntime;

namespace EdgeSecurity.Video;

/// <summary>
/// Turns one model family's raw outputs into candidate detections in frame pixels, before NMS. The plug-in point for
/// a new model family: the manifest's <c>decoder</c> key picks the implementation.
/// </summary>
internal abstract class DetectionDecoder(IReadOnlyList<string> labels)
{
    protected IReadOnlyList<string> Labels => labels;

    /// <summary>Checks the session's outputs against the manifest and builds the decoder for them.</summary>
    /// <exception cref="ModelManifestException">The model's outputs are not what the manifest's decoder reads.</exception>
    public static DetectionDecoder ForManifest(ModelManifest manifest, InferenceSession session, IReadOnlyList<string> labels) => manifest.Decoder switch
    {
        DetectorFamily.Yolox => YoloxDecoder.Create(manifest, session, labels),
        DetectorFamily.PicoDet => PicoDetDecoder.Create(manifest, session, labels),
        DetectorFamily.YoloV8 => YoloV8Decoder.Create(manifest, session, labels),
        DetectorFamily.UltraFace => UltraFaceDecoder.Create(manifest, session, labels),
        _ => throw new ModelManifestException($"Manifest {manifest.Name}: no decoder for {manifest.Decoder}."),
    };

    /// <summary>The outputs a model must have for the manifest's decoder, for messages about a model that is missing.</summary>
    public static string ExpectedOutputs(ModelManifest manifest, int classes)
    {
        var grids = Grids(manifest);
        var anchors = grids.Sum(g => g.Columns * g.Rows);
        return manifest.Decoder switch
        {
            DetectorFamily.Yolox => string.Create(CultureInfo.InvariantCulture, $"one output [1,{anchors},{5 + classes}]"),
            DetectorFamily.YoloV8 => string.Create(CultureInfo.InvariantCulture, $"one output [1,{4 + classes},{anchors}]"),
            _ => string.Join(", ", grids.Select(g => string.Create(CultureInfo.InvariantCulture,
                $"[1,{g.Columns * g.Rows},{classes}] and [1,{g.Columns * g.Rows},{4 * (manifest.RegMax + 1)}]"))),
        };
    }

    public abstract void Decode(InferenceResult outputs, InputGeometry geometry, ClassThresholds thresholds, List<DetectedObject> candidates);

    /// <summary>Anchors per stride, grid rows × columns, as the model emits them.</summary>
    protected static ImmutableArray<(int Stride, int Columns, int Rows)> Grids(ModelManifest manifest) =>
        [.. manifest.Strides.Select(s => (s, (manifest.Input.Width + s - 1) / s, (manifest.Input.Height + s - 1) / s))];

    protected static ModelManifestException Mismatch(ModelManifest manifest, InferenceSession session, string expected) => new(
        $"{Path.GetFileName(session.ModelPath)} does not match its manifest {manifest.Name} ({manifest.Decoder}): expected {expected}; the model has {string.Join("; ", session.Outputs)}.");

    /// <summary>Index and value of the largest element.</summary>
    protected static (int Index, float Value) ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
                best = i;
        }
        return (best, values[best]);
    }
}
