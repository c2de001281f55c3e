namespace EdgeSecurity.Video.Tests;

/// <summary>Counts the whole process's allocations, so no other test may run meanwhile.</summary>
[CollectionDefinition(nameof(AllocationMeasurement), DisableParallelization = true)]
public sealed class AllocationMeasurement;

/// <summary>One frame's buffer here is 921,600 bytes and the smallest object 24 bytes.</summary>
[Collection(nameof(AllocationMeasurement))]
public sealed class FrameAllocationTests
{
    private const int BufferCount = 3;
    private const int Measured = 200;
    private const int WarmUp = 10;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task The_reader_thread_decodes_into_a_small_pool_without_allocating_per_frame()
    {
        await using var camera = new CameraSource(Options());
        var frames = new PooledFrame[Measured];
        var count = 0;
        long before = 0, after = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // The callback runs on the reader thread, so that thread's own counter sees every allocation of the hot path.
        camera.Start(frame =>
        {
            using (frame)
            {
                if (count == WarmUp)
                    before = GC.GetAllocatedBytesForCurrentThread();
                if (count >= WarmUp && count < WarmUp + Measured)
                    frames[count - WarmUp] = frame;
                if (++count == WarmUp + Measured)
                {
                    after = GC.GetAllocatedBytesForCurrentThread();
                    done.TrySetResult();
                }
            }
        });
        await done.Task.WaitAsync(Timeout);

        // Fewer bytes than frames: not one object per frame.
        Assert.True(after - before < Measured, $"{after - before} bytes allocated by the reader thread over {Measured} frames");
        Assert.InRange(frames.Distinct(ReferenceEqualityComparer.Instance).Count(), 1, BufferCount);
    }

    [Fact]
    public async Task The_async_stream_delivers_frames_without_allocating_per_frame()
    {
        const int windows = 3;
        await using var camera = new CameraSource(Options());
        camera.Start();
        var allocated = new long[windows];
        var count = 0;
        long windowStart = 0;

        // On the thread pool, like the agent's consumers: xunit's synchronisation context allocates for every await it resumes.
        await Task.Run(() => FrameReader.UntilAsync(camera, $"{WarmUp + (windows * Measured)} frames", Timeout, _ =>
        {
            if (count >= WarmUp && (count - WarmUp) % Measured == 0)
            {
                var now = GC.GetTotalAllocatedBytes(precise: true);
                if (count > WarmUp)
                    allocated[((count - WarmUp) / Measured) - 1] = now - windowStart;
                windowStart = now;
            }
            return ++count > WarmUp + (windows * Measured);
        }));

        // The counter is process-wide and the test host allocates now and then on its own threads: a per-frame
        // allocation would show in every window as at least 24 bytes a frame, the host's bursts only in some.
        Assert.True(allocated.Min() < Measured * 24, $"bytes allocated per window of {Measured} frames: {string.Join(", ", allocated)}");
    }

    private static CameraSourceOptions Options() => new()
    {
        Name = "vtest",
        Input = TestData.Media("vtest.avi"),
        Width = 640,
        Height = 480,
        Loop = true,
        BufferCount = BufferCount,
    };
}
