using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Video;

namespace EdgeSecurity.Agent.Cameras;

/// <summary>One camera of the gateway: where its video comes from, how it is analysed, and its zones and rules.</summary>
/// <param name="Source">An rtsp:// URL or a file path (resolved against the config's directory).</param>
/// <param name="Model">The detector's manifest, or null for a camera that works on motion alone (a facade camera).</param>
public sealed record CameraConfig(
    string Id,
    string? Name,
    DoorPlace Place,
    string Source,
    bool Loop,
    bool RealTime,
    int Width,
    int Height,
    double? FramesPerSecond,
    double DetectFramesPerSecond,
    CameraModelConfig? Model,
    TimeSpan TelemetryInterval,
    IReadOnlyList<ZoneDefinition> Zones,
    IReadOnlyList<RuleDefinition> Rules)
{
    /// <summary>
    /// Structured objects (persons, vehicles, e-bikes with a face-pixelated crop) sent to the hub per minute at most;
    /// 0 (the default) sends none. Needs a model and the <c>evidence:</c> section (its face model blurs the crops).
    /// </summary>
    public int ObjectsPerMinute { get; init; }
}

/// <summary>A model manifest and the directory holding the files it names (by default the manifest's own directory).</summary>
public sealed record CameraModelConfig(string ManifestPath, string Directory);
