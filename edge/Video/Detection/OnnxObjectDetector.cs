using System.Collections.Immutable;
using System.Security.Cryptography;
using EdgeSecurity.Bindings.OnnxRuntime;

namespace EdgeSecurity.Video;

/// <summary>
/// An <see cref="IObjectDetector"/> running an ONNX model through ONNX Runtime: preprocess into the preprocessor's
/// pinned buffer, run, decode with the manifest's decoder, per-class NMS. The input tensor is made once over that
/// buffer, and the outputs are decoded where ORT wrote them, so a frame costs no large allocation.
/// </summary>
public sealed class OnnxObjectDetector : IObjectDetector
{
    private readonly InferenceSession _session;
    private readonly FloatTensor _input;
    private readonly ImagePreprocessor _preprocessor;
    private readonly DetectionDecoder _decoder;
    private readonly ClassThresholds _thresholds;
    private readonly float _nmsIouThreshold;
    private readonly int _maxDetections;
    private readonly List<DetectedObject> _candidates = [];

    private OnnxObjectDetector(ModelManifest manifest, ImmutableArray<string> labels, InferenceSession session, DetectorOptions options)
    {
        Manifest = manifest;
        Labels = labels;
        _session = session;
        _decoder = DetectionDecoder.ForManifest(manifest, session, labels);
        _thresholds = ClassThresholds.Create(labels, options.ScoreThreshold ?? manifest.ScoreThreshold, options);
        _nmsIouThreshold = options.NmsIouThreshold ?? manifest.NmsIouThreshold;
        _maxDetections = options.MaxDetections ?? manifest.MaxDetections;
        _preprocessor = new ImagePreprocessor(manifest.Input);
        _input = new FloatTensor(_preprocessor.Tensor, manifest.Input.Shape.AsSpan());
    }

    public ModelManifest Manifest { get; }

    public IReadOnlyList<string> Labels { get; }

    /// <summary>Loads the model and labels the manifest names from <paramref name="modelDirectory"/> and checks them against it.</summary>
    /// <exception cref="FileNotFoundException">The model file is missing.</exception>
    /// <exception cref="ModelManifestException">The model's checksum, input or outputs, or the labels, do not match the manifest.</exception>
    /// <exception cref="ArgumentException">An option names a class the model does not have.</exception>
    public static OnnxObjectDetector Create(ModelManifest manifest, string modelDirectory, DetectorOptions? options = null, SessionOptions? sessionOptions = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var modelPath = Path.GetFullPath(Path.Combine(modelDirectory, manifest.ModelFile));
        if (!File.Exists(modelPath))
            throw new FileNotFoundException($"The model file {modelPath} named by manifest {manifest.Name} does not exist; {ExpectedTensors(manifest, modelDirectory)}.", modelPath);
        if (manifest.Sha256 is not null)
            CheckChecksum(modelPath, manifest, modelDirectory);
        var labels = LabelFile.Load(Path.Combine(modelDirectory, manifest.LabelsFile), manifest.Name);

        var session = new InferenceSession(modelPath, sessionOptions);
        try
        {
            CheckInput(session, manifest);
            return new OnnxObjectDetector(manifest, labels, session, options ?? new DetectorOptions());
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public IReadOnlyList<DetectedObject> Detect(VideoFrame frame)
    {
        var geometry = _preprocessor.Preprocess(frame);
        using var outputs = _session.Run(_input);
        _candidates.Clear();
        _decoder.Decode(outputs, geometry, _thresholds, _candidates);
        return NonMaximumSuppression.Apply(_candidates, _nmsIouThreshold, _maxDetections);
    }

    public void Dispose()
    {
        _input.Dispose();
        _session.Dispose();
    }

    /// <summary>What the missing file must be, so the installer knows which file to fetch.</summary>
    private static string ExpectedTensors(ModelManifest manifest, string modelDirectory)
    {
        var labelsPath = Path.Combine(modelDirectory, manifest.LabelsFile);
        var classes = File.Exists(labelsPath) ? LabelFile.Load(labelsPath, manifest.Name).Length : 0;
        var outputs = classes > 0 ? DetectionDecoder.ExpectedOutputs(manifest, classes) : $"the outputs of a {manifest.Decoder} model";
        return $"it must be an ONNX model with one input {manifest.Input.Name} float [{string.Join(',', manifest.Input.Shape)}] and {outputs}";
    }

    private static void CheckChecksum(string modelPath, ModelManifest manifest, string modelDirectory)
    {
        using var file = File.OpenRead(modelPath);
        var actual = Convert.ToHexStringLower(SHA256.HashData(file));
        if (actual != manifest.Sha256)
            throw new ModelManifestException($"{modelPath} is not the model manifest {manifest.Name} describes: its SHA-256 is {actual}, the manifest expects {manifest.Sha256}; {ExpectedTensors(manifest, modelDirectory)}.");
    }

    private static void CheckInput(InferenceSession session, ModelManifest manifest)
    {
        var expected = new TensorMetadata(manifest.Input.Name, OnnxValueType.Tensor, TensorElementType.Float, manifest.Input.Shape);
        if (session.Inputs.Length != 1 || session.Inputs[0].ToString() != expected.ToString())
        {
            throw new ModelManifestException(
                $"{Path.GetFileName(session.ModelPath)} does not match its manifest {manifest.Name}: expected one input {expected}; the model has {string.Join("; ", session.Inputs)}.");
        }
    }
}
