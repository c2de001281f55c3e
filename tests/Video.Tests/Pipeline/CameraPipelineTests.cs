using System.Collections.Concurrent;
using EdgeSecurity.Contract;
using EdgeSecurity.Testing;

namespace EdgeSecurity.Video.Tests;

/// <summary>The whole path on real video: ffmpeg decoding vtest.avi (people walking on a plaza), motion, YOLOX, tracker, zones, rules.</summary>
public sealed class CameraPipelineTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    // The lower two thirds of the plaza, where people walk.
    private static readonly ZoneDefinition Plaza = new("plaza", ZoneKind.Area, [new(0, 0.33f), new(1, 0.33f), new(1, 1), new(0, 1)], ZoneUnits.Relative);

    [Fact]
    public async Task People_walking_on_the_plaza_raise_intrusion_loitering_and_crowd_alerts_once_each()
    {
        using var scheduler = new InferenceScheduler(OnnxObjectDetector.Create(TestData.Yolox, TestData.ModelDirectory), "yolox");
        var alerts = new ConcurrentQueue<CameraAlert>();
        await using var pipeline = Pipeline("cam-plaza", TestData.Media("vtest.avi"), scheduler,
        [
            new RuleDefinition("intrusion", RuleKind.PerimeterIntrusion) { Zone = "plaza" },
            new RuleDefinition("loiter", RuleKind.Loitering) { Zone = "plaza", Duration = TimeSpan.FromSeconds(5) },
            new RuleDefinition("crowd", RuleKind.CrowdGathering) { Zone = "plaza", MinPersons = 3, Duration = TimeSpan.FromSeconds(3) },
        ], alerts.Enqueue);
        pipeline.Start();

        await Poll.UntilAsync(() => Task.FromResult(alerts.Select(a => a.Rule).Distinct().Count()), count => count == 3, "alerts of all three rules", Timeout);
        var telemetry = pipeline.TakeTelemetry();

        var raised = alerts.Where(a => a.Phase == AlertPhase.Raised).ToList();
        Assert.Equal(["crowd", "intrusion", "loiter"], raised.Select(a => a.Rule).Order());
        Assert.Equal([EventTypes.CrowdGathering, EventTypes.PerimeterIntrusion, EventTypes.Loitering], raised.OrderBy(a => a.Rule).Select(a => a.Type));
        // One situation, one alert: the rest of what these rules said are updates of the same alerts.
        Assert.All(alerts, a => Assert.Contains(raised, r => r.AlertId == a.AlertId));
        var loiter = raised.Single(a => a.Rule == "loiter");
        Assert.True(loiter.At - loiter.StartedAt == TimeSpan.Zero && int.Parse(loiter.Attributes["count"], System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.True(telemetry.InputFramesPerSecond > 0 && telemetry.DetectFramesPerSecond > 0 && telemetry.InferenceMilliseconds > 0, telemetry.ToString());
        Assert.InRange(telemetry.MotionPercent, 0.1, 50);
        Assert.Equal(0, telemetry.SkippedFrames);
        Assert.Equal(0, pipeline.RuleFailures);
    }

    [Fact]
    public async Task A_raised_alert_carries_a_copy_of_its_frame_and_the_confirmed_tracks_those_it_counts_marked()
    {
        using var scheduler = new InferenceScheduler(OnnxObjectDetector.Create(TestData.Yolox, TestData.ModelDirectory), "yolox");
        var alerts = new ConcurrentQueue<CameraAlert>();
        var pipeline = Pipeline("cam-plaza", TestData.Media("vtest.avi"), scheduler,
            [new RuleDefinition("intrusion", RuleKind.PerimeterIntrusion) { Zone = "plaza" }], alerts.Enqueue, captureAlertFrames: true);
        pipeline.Start();
        await Poll.UntilAsync(() => Task.FromResult(alerts.Count), count => count > 0, "an intrusion alert", Timeout);
        await pipeline.DisposeAsync();

        var raised = alerts.First();
        Assert.Equal(AlertPhase.Raised, raised.Phase);
        using var frame = raised.Frame!;
        // The camera and its buffers are gone: the alert's frame is its own copy, a real picture of the plaza.
        Assert.Equal((640, 480, PixelFormat.Bgr24), (frame.Width, frame.Height, frame.Format));
        Assert.True(frame.Frame.Pixels.Span.IndexOfAnyExcept((byte)0) >= 0);
        var counted = raised.Attributes["tracks"].Split(',');
        Assert.Equal(counted.Order(), frame.Objects.Where(o => o.Alert).Select(o => o.TrackId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order());
    }

    [Fact]
    public async Task A_camera_that_cannot_be_read_goes_offline_while_its_neighbour_keeps_alerting()
    {
        using var scheduler = new InferenceScheduler(OnnxObjectDetector.Create(TestData.Yolox, TestData.ModelDirectory), "yolox");
        var alerts = new ConcurrentQueue<CameraAlert>();
        var intrusion = new RuleDefinition("intrusion", RuleKind.PerimeterIntrusion) { Zone = "plaza" };
        await using var broken = Pipeline("cam-broken", "/nonexistent/cam.avi", scheduler, [intrusion], alerts.Enqueue);
        await using var plaza = Pipeline("cam-plaza", TestData.Media("vtest.avi"), scheduler, [intrusion], alerts.Enqueue);
        var health = new HealthRecorder(broken.Source);
        broken.Start();
        plaza.Start();

        var offline = await health.NextAsync(CameraHealth.Offline, Timeout);
        await Poll.UntilAsync(() => Task.FromResult(alerts.Count), count => count > 0, "an alert of the working camera", Timeout);

        Assert.Contains("No such file or directory", offline.Reason, StringComparison.Ordinal);
        Assert.All(alerts, a => Assert.Equal("cam-plaza", a.Camera));
    }

    [Fact]
    public async Task A_camera_stopped_while_its_frame_is_with_the_detector_lets_the_frame_finish_later()
    {
        using var detector = new GatedDetector();
        using var scheduler = new InferenceScheduler(detector, "gated");
        var source = new CameraSource(new CameraSourceOptions { Name = "cam-plaza", Input = TestData.Media("vtest.avi"), Width = 640, Height = 480 });
        var lane = scheduler.AddLane("cam-plaza");
        var options = new CameraPipelineOptions { Camera = "cam-plaza", StreamFramesPerSecond = 10, WaitForDetector = true };
        var pipeline = new CameraPipeline(options, source, lane, [], _ => { });
        pipeline.Start();
        Assert.True(detector.Started.Wait(Timeout), "no frame reached the detector");

        // The camera stops while the detector still holds its frame; the frame completes afterwards, on the detector's thread.
        // The held frame finishes while the camera stops; the camera may hand over one more, which finishes after.
        var stopping = pipeline.DisposeAsync().AsTask();
        detector.Release(1);
        await stopping.WaitAsync(Timeout);
        detector.Release(10);
        await Poll.UntilAsync(() => Task.FromResult(lane.Statistics), s => s.Completed + s.Failed >= 1 && s.Submitted == s.Completed + s.Failed + s.Skipped, "the held frames to finish", Timeout);

        Assert.Equal(0, lane.Statistics.Failed);
        Assert.Equal(0, pipeline.RuleFailures);
    }

    private static CameraPipeline Pipeline(string camera, string input, InferenceScheduler scheduler, RuleDefinition[] rules, Action<CameraAlert> onAlert, bool captureAlertFrames = false)
    {
        const int Width = 640, Height = 480;
        var source = new CameraSource(new CameraSourceOptions { Name = camera, Input = input, Width = Width, Height = Height, FramesPerSecond = 5, InitialBackoff = TimeSpan.FromSeconds(5) });
        var zones = CameraZones.Create(camera, [Plaza], Width, Height);
        var options = new CameraPipelineOptions { Camera = camera, DetectFramesPerSecond = 5, StreamFramesPerSecond = 5, WaitForDetector = true, CaptureAlertFrames = captureAlertFrames };
        return new CameraPipeline(options, source, scheduler.AddLane(camera), CameraRules.Create(camera, rules, zones, scheduler.Detector.Labels), onAlert);
    }
}
