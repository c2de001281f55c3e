using System.Collections.Immutable;

namespace EdgeSecurity.Video;

/// <summary>
/// A detection model described by data: where its files are, what its input expects, how its outputs decode and which
/// thresholds suit it. Read from YAML (see models/yolox_nano_416.yaml) by <see cref="ModelManifestLoader"/>.
/// </summary>
/// <param name="ModelFile">The .onnx file, relative to the model directory.</param>
/// <param name="Sha256">The model file's checksum (lower-case hex), checked at load; null skips the check.</param>
/// <param name="LabelsFile">Class names, one per line in class-id order, relative to the model directory.</param>
/// <param name="Strides">Output strides in the order the model emits its anchors.</param>
/// <param name="RegMax">PicoDet only: the largest bin of each side's distance distribution (bins = RegMax + 1).</param>
/// <param name="License">Licence of the weights and export, for the record; null when the manifest leaves it out.</param>
/// <param name="Source">Where the model file came from (repository, path, commit).</param>
public sealed record ModelManifest(
    string Name,
    DetectorFamily Decoder,
    string ModelFile,
    string? Sha256,
    string LabelsFile,
    ModelInput Input,
    ImmutableArray<int> Strides,
    int RegMax,
    float ScoreThreshold,
    float NmsIouThreshold,
    int MaxDetections,
    string? License,
    string? Source);
