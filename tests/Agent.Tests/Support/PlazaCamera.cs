using EdgeSecurity.Testing;

namespace EdgeSecurity.Agent.Tests.Support;

/// <summary>The camera of the agent's camera tests: vtest.avi's plaza, YOLOX, an intrusion rule on its lower two thirds.</summary>
internal static class PlazaCamera
{
    public static readonly string Manifest = Path.Combine(RepositoryLayout.Root, "models", "yolox_nano_416.yaml");
    public static readonly string SharedModels = Path.Combine(RepositoryLayout.SharedDirectory, "models");
    public static readonly string VtestAvi = Path.Combine(RepositoryLayout.SharedDirectory, "media", "vtest.avi");

    /// <param name="clips">The <c>evidence.clips</c> value, e.g. <c>{ enabled: true }</c>; left out when null.</param>
    public static string IntrusionConfig(string source, string? clips = null) => $$"""
        cameras:
          - id: cam-plaza
            source: {{source}}
            loop: true
            width: 640
            height: 480
            model: {{Manifest}}
            modelDirectory: {{SharedModels}}
            zones:
              - name: plaza
                units: relative
                points: [[0, 0.33], [1, 0.33], [1, 1], [0, 1]]
            rules:
              - name: intrusion
                type: perimeter_intrusion
                zone: plaza
        evidence:
          maxMegabytes: 16
          faceModel: {{Path.Combine(RepositoryLayout.Root, "models", "ultraface_rfb_320.yaml")}}{{(clips is null ? "" : "\n  clips: " + clips)}}
        """;
}
