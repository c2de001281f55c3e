namespace EdgeSecurity.Bindings.OnnxRuntime.Tests;

[Collection(ProcessWideMeasurements.Name)]
public sealed class PinningTests
{
    [Fact]
    public void A_tensor_keeps_the_memory_it_reads_pinned_until_it_is_disposed()
    {
        using var session = new InferenceSession(SharedModels.UltraFace320);
        var pinnedBefore = PinnedAfterFullCollection();

        var input = new FloatTensor(new float[3 * 240 * 320], 1, 3, 240, 320);
        // A compacting collection while the tensor lives must not move what ORT reads.
        Assert.Equal(pinnedBefore + 1, PinnedAfterFullCollection());
        using (var result = session.Run(input))
            Assert.Equal(4420 * 2, result.GetFloats("scores").Length);

        input.Dispose();
        Assert.Equal(pinnedBefore, PinnedAfterFullCollection());
    }

    /// <summary>Pinned objects the GC saw in a full compacting collection, after pending finalizers (which may unpin) have run.</summary>
    private static long PinnedAfterFullCollection()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetGCMemoryInfo(GCKind.FullBlocking).PinnedObjectsCount;
    }
}
