using EdgeSecurity.Contract;
using static EdgeSecurity.Video.Tests.Walkers;

namespace EdgeSecurity.Video.Tests;

/// <summary>The object-thrown rule on drawn facade frames, through the real motion detector: a fall alerts, a bird and laundry do not.</summary>
public sealed class ObjectThrownTests
{
    private const double FramesPerSecond = 25;
    // 9.81 m/s² with 3 m storeys of 60 px.
    private const float Gravity = 9.81f / 3 * FacadeScene.FloorHeight;

    [Fact]
    public void A_falling_object_alerts_once()
    {
        var alerts = Run(t => (150 + (8 * t), 30 + (0.5f * Gravity * t * t)), seconds: 1.6);

        var alert = Assert.Single(alerts);
        Assert.Equal(EventTypes.ObjectThrown, alert.Type);
        Assert.Equal(AlertPhase.Raised, alert.Phase);
        Assert.True(float.Parse(alert.Attributes["floors"], System.Globalization.CultureInfo.InvariantCulture) >= 2, alert.Attributes["floors"]);
    }

    [Fact]
    public void A_fall_of_less_than_two_storeys_does_not_alert()
    {
        // Dropped from a first-floor window: it has fallen 1.3 storeys when it reaches the ground.
        Assert.Empty(Run(t => (150, 380 + (0.5f * Gravity * t * t)), seconds: 0.9));
    }

    [Fact]
    public void A_bird_gliding_across_and_down_does_not_alert()
    {
        // Sideways at 200 px/s while sinking and rising in flaps: more across than down, and back up.
        Assert.Empty(Run(t => (10 + (200 * t), 100 + (60 * t) + (25 * MathF.Sin(t * 8))), seconds: 1.5));
    }

    [Fact]
    public void A_bird_diving_at_a_steady_speed_does_not_alert()
    {
        // Straight down across three storeys, but at a constant 150 px/s: no gravity in it.
        Assert.Empty(Run(t => (150, 20 + (150 * t)), seconds: 1.6));
    }

    [Fact]
    public void Laundry_swinging_on_a_line_does_not_alert()
    {
        Assert.Empty(Run(t => (150 + (40 * MathF.Sin(t * 4)), 200 + (10 * MathF.Cos(t * 8))), seconds: 3));
    }

    private static List<CameraAlert> Run(Func<float, (float X, float Y)> path, double seconds)
    {
        var scene = new FacadeScene();
        var motion = new MotionDetector();
        var zones = CameraZones.Create("cam-facade", [], FacadeScene.Width, FacadeScene.Height);
        var rules = CameraRules.Create("cam-facade", [new RuleDefinition("throw", RuleKind.ObjectThrown) { FloorHeight = FacadeScene.FloorHeight }], zones, labels: null);
        var alerts = new List<CameraAlert>();
        // A second of the empty wall first, so the background is learnt.
        var frames = (int)(seconds * FramesPerSecond);
        for (var i = -25; i < frames; i++)
        {
            var t = (float)(i / FramesPerSecond);
            var frame = i < 0 ? scene.Frame() : scene.Frame(path(t).X, path(t).Y);
            var regions = motion.Detect(frame);
            var cameraScene = new CameraScene("cam-facade", At(t), 0, [], false, [], [.. regions]);
            foreach (var rule in rules)
                rule.Evaluate(cameraScene, alerts);
        }
        return alerts;
    }
}
