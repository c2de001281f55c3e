using System.Collections.Concurrent;

namespace EdgeSecurity.Video.Tests;

/// <summary>A stand-in model whose runs the test lets through one by one; frames are told apart by their width.</summary>
internal sealed class GatedDetector : IObjectDetector
{
    private readonly SemaphoreSlim _gate = new(0);

    public ManualResetEventSlim Started { get; } = new();

    public ConcurrentQueue<string> Order { get; } = new();

    public string? FailOn { get; init; }

    public bool Disposed { get; private set; }

    public ModelManifest Manifest => TestData.Yolox;

    public IReadOnlyList<string> Labels => RuleHarness.Coco;

    public void Release(int runs) => _gate.Release(runs);

    public IReadOnlyList<DetectedObject> Detect(VideoFrame frame)
    {
        var name = InferenceSchedulerTests.RecordingJob.NameOf(frame);
        Started.Set();
        Assert.True(_gate.Wait(TimeSpan.FromSeconds(20)), $"the test never let {name} through");
        Order.Enqueue(name);
        if (name == FailOn)
            throw new InvalidOperationException($"the model broke on {name}");
        return [];
    }

    public void Dispose()
    {
        Disposed = true;
        _gate.Dispose();
        Started.Dispose();
    }
}
