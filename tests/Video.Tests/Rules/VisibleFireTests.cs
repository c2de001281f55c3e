using EdgeSecurity.Contract;
using static EdgeSecurity.Video.Tests.Walkers;

namespace EdgeSecurity.Video.Tests;

/// <summary>The visible-flame rule on the fire model's real detections of a real flare.</summary>
public sealed class VisibleFireTests
{
    [Fact]
    public void A_flame_seen_in_two_detector_runs_in_a_row_alerts_and_one_run_does_not()
    {
        using var fire = OnnxObjectDetector.Create(TestData.FireSmoke, TestData.ModelDirectory);
        var flare = TestData.ScaledRgbFrame("fire_flare_roboflow_0164.jpg", 416, 416);
        var street = TestData.ScaledRgbFrame("vtest_frame_t20s.jpg", 416, 416);
        var zones = CameraZones.Create("cam-bins", [], 416, 416);
        var rules = CameraRules.Create("cam-bins",
            [new RuleDefinition("flame", RuleKind.VisibleFlame), new RuleDefinition("smoke", RuleKind.VisibleSmoke)], zones, fire.Labels);
        var alerts = new List<CameraAlert>();

        void Run(double seconds, VideoFrame frame)
        {
            var detections = fire.Detect(frame).ToList();
            foreach (var rule in rules)
                rule.Evaluate(new CameraScene("cam-bins", At(seconds), 0, [], true, detections, []), alerts);
        }

        Run(0, flare);
        Run(1, street);
        Run(2, flare);
        Assert.Empty(alerts);

        Run(3, flare);
        var alert = Assert.Single(alerts);
        Assert.Equal(EventTypes.VisibleFlame, alert.Type);
        Assert.Equal("small_flame", alert.Attributes["labels"]);
    }
}
