namespace EdgeSecurity.Video.Tests.Evidence;

/// <summary>One UltraFace session for a test class: loading it costs more than a detection.</summary>
public sealed class FaceDetector : IDisposable
{
    public OnnxObjectDetector Instance { get; } = OnnxObjectDetector.Create(TestData.UltraFace, TestData.ShippedModelDirectory);

    public void Dispose() => Instance.Dispose();
}
