using static EdgeSecurity.Video.Tests.Walkers;

namespace EdgeSecurity.Video.Tests;

public sealed class ByteTrackerTests
{
    private const double Step = 0.2;

    [Fact]
    public void Two_people_crossing_keep_their_ids()
    {
        var tracker = new ByteTracker();
        var ids = new HashSet<(long Id, bool GoingRight)>();
        for (var i = 0; i < 40; i++)
        {
            // One walks right, the other left, on lines 20 px apart: their boxes overlap in the middle.
            var tracks = tracker.Update([Person(100 + (i * 10), 200), Person(500 - (i * 10), 220)], At(i * Step));
            foreach (var track in tracks)
                ids.Add((track.Id, track.Velocity.X > 0));
        }

        Assert.Equal(2, ids.Select(i => i.Id).Distinct().Count());
        Assert.Equal(2, ids.Count);
        var tracksNow = tracker.Visible;
        Assert.Equal(2, tracksNow.Count);
        Assert.Contains(tracksNow, t => t.Direction == TravelDirection.Right);
        Assert.Contains(tracksNow, t => t.Direction == TravelDirection.Left);
    }

    [Fact]
    public void A_track_needs_two_hits_and_one_stray_detection_makes_none()
    {
        var tracker = new ByteTracker();

        Assert.Empty(tracker.Update([Person(100, 100)], At(0)));
        Assert.Empty(tracker.Update([], At(Step)));
        Assert.Empty(tracker.All);

        tracker.Update([Person(300, 100)], At(2 * Step));
        var confirmed = Assert.Single(tracker.Update([Person(303, 100)], At(3 * Step)));
        Assert.Equal(TrackState.Confirmed, confirmed.State);
    }

    [Fact]
    public void A_low_score_detection_keeps_a_half_hidden_person_in_the_second_stage()
    {
        var tracker = new ByteTracker();
        tracker.Update([Person(100, 100)], At(0));
        var id = Assert.Single(tracker.Update([Person(105, 100)], At(Step))).Id;

        // Behind a pillar the detector is unsure: 0.3 is below the high threshold, and would not start a track.
        var kept = Assert.Single(tracker.Update([Person(110, 100, score: 0.3f)], At(2 * Step)));
        Assert.Equal(id, kept.Id);

        var fresh = new ByteTracker();
        fresh.Update([Person(110, 100, score: 0.3f)], At(0));
        Assert.Empty(fresh.Update([Person(112, 100, score: 0.3f)], At(Step)));
    }

    [Fact]
    public void A_person_missed_for_a_second_comes_back_under_the_same_id_and_one_gone_longer_does_not()
    {
        var tracker = new ByteTracker(new TrackerOptions { LostTimeout = TimeSpan.FromSeconds(2) });
        for (var i = 0; i < 5; i++)
            tracker.Update([Person(100 + (i * 5), 100)], At(i * Step));
        var id = tracker.Visible[0].Id;

        for (var i = 5; i < 10; i++)
            Assert.Empty(tracker.Update([], At(i * Step)));
        // The Kalman filter carried the box on at the walking speed: the detection 1 s later still overlaps the prediction.
        var back = Assert.Single(tracker.Update([Person(100 + (10 * 5), 100)], At(10 * Step)));
        Assert.Equal(id, back.Id);

        for (var i = 11; i < 30; i++)
            tracker.Update([], At(i * Step));
        tracker.Update([Person(150, 100)], At(30 * Step));
        var reborn = Assert.Single(tracker.Update([Person(150, 100)], At(31 * Step)));
        Assert.NotEqual(id, reborn.Id);
    }

    [Fact]
    public void Classes_do_not_swap_ids()
    {
        var tracker = new ByteTracker();
        tracker.Update([Person(100, 100), Bicycle(100, 140)], At(0));
        var tracks = tracker.Update([Person(100, 100), Bicycle(100, 140)], At(Step));

        Assert.Equal(2, tracks.Count);
        Assert.Equal(["bicycle", "person"], tracks.Select(t => t.Label).Order());
    }

    [Fact]
    public void Dwell_grows_and_a_parked_car_becomes_stationary_while_a_walker_does_not()
    {
        var tracker = new ByteTracker();
        for (var i = 0; i <= 50; i++)
            tracker.Update([Car(400, 300 + (i % 2)), Person(50 + (i * 6), 100)], At(i * Step));

        var car = tracker.Visible.Single(t => t.Label == "car");
        var person = tracker.Visible.Single(t => t.Label == "person");
        Assert.Equal(TimeSpan.FromSeconds(10), car.Dwell);
        Assert.True(car.StationaryFor(At(10)) >= TimeSpan.FromSeconds(9.5), $"car stationary for {car.StationaryFor(At(10))}");
        Assert.True(person.StationaryFor(At(10)) < TimeSpan.FromSeconds(2), $"walker stationary for {person.StationaryFor(At(10))}");
        Assert.Equal(TravelDirection.None, car.Direction);
        Assert.Equal(TravelDirection.Right, person.Direction);
    }

    [Fact]
    public void Without_motion_the_tracks_are_held_and_their_time_runs_on()
    {
        var tracker = new ByteTracker();
        tracker.Update([Car(400, 300)], At(0));
        tracker.Update([Car(400, 300)], At(Step));

        var held = Assert.Single(tracker.Hold(At(60)));
        Assert.Equal(TimeSpan.FromSeconds(60), held.Dwell);
        Assert.True(held.StationaryFor(At(60)) >= TimeSpan.FromSeconds(59));
    }

    [Fact]
    public void Tracks_outside_the_searched_crop_are_held_not_lost()
    {
        var tracker = new ByteTracker();
        tracker.Update([Car(400, 300), Person(50, 50)], At(0));
        tracker.Update([Car(400, 300), Person(55, 50)], At(Step));

        // Only the walker's corner was searched: the car, outside it, was not missed.
        var tracks = tracker.Update([Person(60, 50)], At(2 * Step), searched: new BoundingBox(0, 0, 200, 200));

        Assert.Equal(["car", "person"], tracks.Select(t => t.Label).Order());
    }
}
