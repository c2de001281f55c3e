namespace EdgeSecurity.Video.Tests;

/// <summary>Detections the test draws: people and vehicles moving at known speeds, one detector run every step.</summary>
internal static class Walkers
{
    public static readonly DateTimeOffset Start = new(2026, 11, 22, 23, 0, 0, TimeSpan.FromHours(8));

    public static DetectedObject Person(float x, float y, float score = 0.9f) => new(0, "person", score, new BoundingBox(x, y, x + 30, y + 80));

    public static DetectedObject Bicycle(float x, float y, float score = 0.9f) => new(1, "bicycle", score, new BoundingBox(x, y, x + 60, y + 40));

    public static DetectedObject Car(float x, float y, float score = 0.9f) => new(2, "car", score, new BoundingBox(x, y, x + 120, y + 70));

    public static DateTimeOffset At(double seconds) => Start + TimeSpan.FromSeconds(seconds);
}
