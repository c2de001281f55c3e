using System.Collections.Concurrent;

namespace EdgeSecurity.Video.Tests;

public sealed class InferenceSchedulerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public void Cameras_take_turns_and_a_busy_camera_loses_only_its_own_stale_frames()
    {
        using var detector = new GatedDetector();
        using var scheduler = new InferenceScheduler(detector, "test");
        var (a, b, c) = (scheduler.AddLane("a"), scheduler.AddLane("b"), scheduler.AddLane("c"));
        var jobs = new List<RecordingJob>();
        RecordingJob Submit(InferenceLane lane, string name)
        {
            var job = new RecordingJob(name);
            jobs.Add(job);
            lane.Submit(job);
            return job;
        }

        Submit(a, "a1");
        Assert.True(detector.Started.Wait(Timeout), "the detector never started on a1");
        // While the detector works on a1, camera a sends five more frames, b and c one each.
        for (var i = 2; i <= 6; i++)
            Submit(a, $"a{i}");
        Submit(b, "b1");
        Submit(c, "c1");
        detector.Release(4);

        Assert.True(SpinWait.SpinUntil(() => jobs.All(j => j.Outcome is not null), Timeout), string.Join(", ", jobs));
        Assert.Equal(["a1", "b1", "c1", "a6"], detector.Order);
        Assert.Equal(["a2", "a3", "a4", "a5"], jobs.Where(j => j.Outcome == "skipped").Select(j => j.Name));
        Assert.Equal(new InferenceLaneStatistics(6, 2, 4, 0, a.Statistics.InferenceTime), a.Statistics);
        Assert.Equal((1L, 1L, 0L), (b.Statistics.Submitted, b.Statistics.Completed, b.Statistics.Skipped));
    }

    [Fact]
    public void A_failing_frame_is_reported_and_the_next_camera_is_served()
    {
        using var detector = new GatedDetector { FailOn = "bad" };
        using var scheduler = new InferenceScheduler(detector, "test");
        var (a, b) = (scheduler.AddLane("a"), scheduler.AddLane("b"));
        var bad = new RecordingJob("bad");
        var good = new RecordingJob("good");
        detector.Release(2);

        a.Submit(bad);
        b.Submit(good);

        Assert.True(SpinWait.SpinUntil(() => good.Outcome is not null && bad.Outcome is not null, Timeout));
        Assert.Equal("failed: the model broke on bad", bad.Outcome);
        Assert.Equal("completed", good.Outcome);
        Assert.Equal(1, a.Statistics.Failed);
    }

    [Fact]
    public async Task Disposing_skips_the_waiting_frames_so_their_buffers_go_back()
    {
        var detector = new GatedDetector();
        var scheduler = new InferenceScheduler(detector, "test");
        var (a, b) = (scheduler.AddLane("a"), scheduler.AddLane("b"));
        var running = new RecordingJob("a1");
        var waiting = new RecordingJob("b1");
        a.Submit(running);
        Assert.True(detector.Started.Wait(Timeout));
        b.Submit(waiting);

        // Disposing while a1 still runs: b1 must be skipped, not run after it.
        var disposing = Task.Run(scheduler.Dispose);
        Assert.True(SpinWait.SpinUntil(() => waiting.Outcome is not null, Timeout), "b1 was not skipped");
        detector.Release(1);
        await disposing.WaitAsync(Timeout);

        Assert.Equal("completed", running.Outcome);
        Assert.Equal("skipped", waiting.Outcome);
        Assert.True(detector.Disposed);
    }

    [Fact]
    public void Three_cameras_share_one_real_detector()
    {
        using var scheduler = new InferenceScheduler(OnnxObjectDetector.Create(TestData.Yolox, TestData.ModelDirectory), "yolox");
        var frame = TestData.Frame("vtest_frame_t20s.jpg");
        var results = new ConcurrentDictionary<string, int>();
        string[] cameras = ["gate", "lawn", "lift"];
        var lanes = cameras.Select(scheduler.AddLane).ToList();

        foreach (var lane in lanes)
            lane.Submit(new DelegateJob(frame, detections => results[lane.Camera] = detections.Count(d => d.Label == "person")));

        Assert.True(SpinWait.SpinUntil(() => results.Count == 3, Timeout));
        Assert.All(results.Values, persons => Assert.Equal(8, persons));
        Assert.All(lanes, lane => Assert.True(lane.Statistics.InferenceTime > TimeSpan.Zero));
    }

    internal sealed class RecordingJob(string name) : IInferenceJob
    {
        private static readonly ConcurrentDictionary<int, string> Names = new();
        private static int _nextWidth = 1;
        private readonly int _width = RegisterName(name);

        public string Name => name;

        public string? Outcome { get; private set; }

        public VideoFrame Frame => new(new byte[_width * 3], _width, 1, PixelFormat.Bgr24);

        public static string NameOf(VideoFrame frame) => Names.GetValueOrDefault(frame.Width, $"a {frame.Width}×{frame.Height} frame");

        public void Complete(IReadOnlyList<DetectedObject> detections, TimeSpan inferenceTime) => Outcome = "completed";

        public void Fail(Exception exception) => Outcome = $"failed: {exception.Message}";

        public void Skip() => Outcome = "skipped";

        public override string ToString() => $"{name}: {Outcome ?? "waiting"}";

        private static int RegisterName(string name)
        {
            var width = Interlocked.Increment(ref _nextWidth);
            Names[width] = name;
            return width;
        }
    }

    private sealed class DelegateJob(VideoFrame frame, Action<IReadOnlyList<DetectedObject>> onDetected) : IInferenceJob
    {
        public VideoFrame Frame => frame;

        public void Complete(IReadOnlyList<DetectedObject> detections, TimeSpan inferenceTime) => onDetected(detections);

        public void Fail(Exception exception) => throw new InvalidOperationException("detection failed", exception);

        public void Skip() => throw new InvalidOperationException("a frame was skipped");
    }
}
