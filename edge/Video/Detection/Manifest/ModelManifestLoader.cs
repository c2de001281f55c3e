using EdgeSecurity.Configuration;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EdgeSecurity.Video;

/// <summary>Reads a model manifest from YAML; every problem in the file is reported at once, with its line and column.</summary>
public static class ModelManifestLoader
{
    private static readonly Dictionary<string, DetectorFamily> Decoders = new(StringComparer.Ordinal)
    {
        ["yolox"] = DetectorFamily.Yolox,
        ["picodet"] = DetectorFamily.PicoDet,
        ["yolov8"] = DetectorFamily.YoloV8,
        ["ultraface"] = DetectorFamily.UltraFace,
    };

    private static readonly Dictionary<string, ResizeMode> ResizeModes = new(StringComparer.Ordinal)
    {
        ["letterbox-top-left"] = ResizeMode.LetterboxTopLeft,
        ["letterbox-centred"] = ResizeMode.LetterboxCentred,
        ["stretch"] = ResizeMode.Stretch,
    };

    private static readonly Dictionary<string, ChannelOrder> ChannelOrders = new(StringComparer.Ordinal)
    {
        ["bgr"] = ChannelOrder.Bgr,
        ["rgb"] = ChannelOrder.Rgb,
    };

    private static readonly Dictionary<string, bool> Layouts = new(StringComparer.Ordinal) { [ModelInput.Layout] = true };

    /// <exception cref="ModelManifestException">The file is missing or invalid; the message lists every problem.</exception>
    public static ModelManifest Load(string path)
    {
        string yaml;
        try
        {
            yaml = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ModelManifestException($"The model manifest {path} does not exist.", e);
        }
        return Parse(yaml, Path.GetFileName(path));
    }

    /// <param name="fileName">Named in error messages.</param>
    /// <exception cref="ModelManifestException">The manifest is invalid; the message lists every problem.</exception>
    public static ModelManifest Parse(string yaml, string fileName)
    {
        var yamlErrors = new ConfigErrors(fileName);
        if (YamlText.Load(yaml, yamlErrors, "a model manifest in YAML") is not { } stream)
            throw new ModelManifestException(yamlErrors.InFileOrder()[0].ToString());
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new ModelManifestException($"{fileName}: a model manifest is one YAML mapping (name, decoder, model, labels, input, strides, thresholds).");

        var errors = new ConfigErrors(fileName);
        var manifest = Read(root, new YamlFields(errors));
        if (errors.Any)
            throw new ModelManifestException(string.Join(Environment.NewLine, errors.InFileOrder()));
        return manifest;
    }

    private static ModelManifest Read(YamlMappingNode root, YamlFields fields)
    {
        fields.CheckKeys(root, "", "name", "decoder", "model", "sha256", "labels", "license", "source", "input", "strides", "regMax", "thresholds", "maxDetections");
        var decoder = fields.Choice(root, "", "decoder", Decoders);
        var sha256 = fields.Text(root, "", "sha256", "the model file's SHA-256 as 64 hex digits", required: false);
        if (sha256 is not null && (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower)))
            fields.Add(root.Children[new YamlScalarNode("sha256")].Start, "sha256", "not 64 lower-case hex digits", "the model file's SHA-256 as 64 hex digits");

        var thresholds = fields.Mapping(root, "", "thresholds", "a mapping with score and nmsIou");
        if (thresholds is not null)
            fields.CheckKeys(thresholds, "thresholds", "score", "nmsIou");

        return new ModelManifest(
            Name: fields.Text(root, "", "name", "the model's name") ?? "",
            Decoder: decoder,
            ModelFile: fields.Text(root, "", "model", "the .onnx file, relative to the model directory") ?? "",
            Sha256: sha256,
            LabelsFile: fields.Text(root, "", "labels", "the labels file, relative to the model directory") ?? "",
            Input: ReadInput(root, fields),
            Strides: fields.Integers(root, "", "strides", 1, 256),
            RegMax: ReadRegMax(root, decoder, fields),
            ScoreThreshold: thresholds is null ? 0 : fields.Number(thresholds, "thresholds", "score", 0, 10),
            NmsIouThreshold: thresholds is null ? 0 : fields.Number(thresholds, "thresholds", "nmsIou", 0, 1),
            MaxDetections: fields.Integer(root, "", "maxDetections", 1, 10_000, fallback: 100),
            License: fields.Text(root, "", "license", "the licence of the weights and export", required: false),
            Source: fields.Text(root, "", "source", "where the model file came from", required: false));
    }

    private static int ReadRegMax(YamlMappingNode root, DetectorFamily decoder, YamlFields fields)
    {
        if (decoder == DetectorFamily.PicoDet)
            return fields.Integer(root, "", "regMax", 1, 64);
        if (root.Children.TryGetValue(new YamlScalarNode("regMax"), out var node))
            fields.Add(node.Start, "regMax", $"only PicoDet outputs box distributions, this is a {decoder} model", "no regMax");
        return 0;
    }

    private static ModelInput ReadInput(YamlMappingNode root, YamlFields fields)
    {
        const string Section = "input";
        var input = fields.Mapping(root, "", Section, "a mapping with name, width, height, layout, channels, resize, pad, mean and std");
        if (input is null)
            return new ModelInput("", 0, 0, default, default, 0, [], []);

        fields.CheckKeys(input, Section, "name", "width", "height", "layout", "channels", "resize", "pad", "mean", "std");
        // Read only to be refused when it is anything else: nchw is the one layout the preprocessor writes.
        fields.Choice(input, Section, "layout", Layouts);
        return new ModelInput(
            Name: fields.Text(input, Section, "name", "the model's input tensor name") ?? "",
            Width: fields.Integer(input, Section, "width", 1, 8192),
            Height: fields.Integer(input, Section, "height", 1, 8192),
            Channels: fields.Choice(input, Section, "channels", ChannelOrders),
            Resize: fields.Choice(input, Section, "resize", ResizeModes),
            PadValue: (byte)fields.Integer(input, Section, "pad", 0, 255, fallback: 114),
            Mean: fields.Numbers(input, Section, "mean", 3, -1e6f, 1e6f),
            Std: fields.Numbers(input, Section, "std", 3, 1e-6f, 1e6f));
    }
}
