namespace EdgeSecurity.Video.Tests.Pipeline;

/// <summary>Which tracks become structured objects: stable ones of the wanted labels, each once, at most one per interval per camera.</summary>
public sealed class ObjectSightingTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_track_is_reported_once_when_stable_and_a_track_held_back_by_the_limit_is_reported_later()
    {
        var tracker = new ByteTracker();
        var sightings = new ObjectSightings(new ObjectSightingOptions { MinimumHits = 3, MinimumInterval = TimeSpan.FromSeconds(1) });
        var reported = new List<(long Id, int Frame)>();
        for (var frame = 0; frame < 20; frame++)
        {
            var at = Start + TimeSpan.FromSeconds(0.2 * frame);
            // Two walkers and a dog from the first frame on; the dog is no structured object.
            var tracks = tracker.Update(
            [
                new DetectedObject(0, "person", 0.9f, new BoundingBox(100 + frame, 100, 140 + frame, 200)),
                new DetectedObject(0, "person", 0.9f, new BoundingBox(400 - frame, 100, 440 - frame, 200)),
                new DetectedObject(16, "dog", 0.9f, new BoundingBox(250, 220, 300, 260)),
            ], at);
            if (sightings.Next(tracks, at) is { } track)
                reported.Add((track.Id, frame));
        }

        Assert.Equal(2, reported.Count);
        Assert.Equal(2, reported.Select(r => r.Id).Distinct().Count());
        // The first when it had 3 hits (frame 2), the second one interval (5 frames) later, not at once.
        Assert.Equal([2, 7], reported.Select(r => r.Frame));
        Assert.All(reported, r => Assert.Equal("person", tracker.All.Single(t => t.Id == r.Id).Label));
    }

    [Fact]
    public void A_flickering_detection_that_never_gets_stable_is_not_reported_and_a_new_track_after_one_left_is()
    {
        var tracker = new ByteTracker();
        var sightings = new ObjectSightings(new ObjectSightingOptions { MinimumHits = 5, MinimumInterval = TimeSpan.Zero });
        var reported = new List<string>();
        for (var frame = 0; frame < 4; frame++)
        {
            var at = Start + TimeSpan.FromSeconds(0.2 * frame);
            if (sightings.Next(tracker.Update([new DetectedObject(2, "car", 0.9f, new BoundingBox(10, 10, 90, 60))], at), at) is { } track)
                reported.Add(track.Label);
        }
        Assert.Empty(reported);

        for (var frame = 4; frame < 60; frame++)
        {
            var at = Start + TimeSpan.FromSeconds(0.2 * frame);
            // The car drives off after frame 10; a bus arrives at frame 40 (the car's track long lost by then).
            IReadOnlyList<DetectedObject> seen = frame <= 10 ? [new DetectedObject(2, "car", 0.9f, new BoundingBox(10, 10, 90, 60))]
                : frame >= 40 ? [new DetectedObject(5, "bus", 0.9f, new BoundingBox(300, 10, 500, 150))] : [];
            if (sightings.Next(tracker.Update(seen, at), at) is { } track)
                reported.Add(track.Label);
        }

        Assert.Equal(["car", "bus"], reported);
    }
}
