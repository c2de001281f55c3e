namespace EdgeSecurity.Video;

/// <summary>
/// Which confirmed tracks a camera reports as structured objects (persons, vehicles, e-bikes for GA/T 1400): tracks of
/// these <see cref="Labels"/> once they have been matched <see cref="MinimumHits"/> times (stable, not a flicker),
/// each track once, at most one report per <see cref="MinimumInterval"/> per camera (a track held back by the limit
/// is reported later, while it is still tracked).
/// </summary>
public sealed record ObjectSightingOptions
{
    public IReadOnlySet<string> Labels { get; init; } = new HashSet<string>(StringComparer.Ordinal) { "person", "car", "truck", "bus", "bicycle", "motorcycle" };

    public int MinimumHits { get; init; } = 5;

    public TimeSpan MinimumInterval { get; init; } = TimeSpan.FromSeconds(2);

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Labels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MinimumHits);
        ArgumentOutOfRangeException.ThrowIfLessThan(MinimumInterval, TimeSpan.Zero);
    }
}

/// <summary>
/// A track reported as a structured object, with a copy of the frame it was reported on (its only object the track):
/// the caller crops, blurs faces and encodes it off the camera's thread, then disposes the frame.
/// </summary>
public sealed record ObjectSighting(string Camera, long TrackId, string Label, float Score, BoundingBox Box, TravelDirection Direction, DateTimeOffset At, AlertFrame Frame);

/// <summary>Decides, scene by scene, which tracks become <see cref="ObjectSighting"/>s. Not thread-safe: called under the pipeline's analysis lock.</summary>
internal sealed class ObjectSightings(ObjectSightingOptions options)
{
    private readonly HashSet<long> _reported = [];
    private DateTimeOffset _last = DateTimeOffset.MinValue;

    /// <summary>The track to report now, or null.</summary>
    public Track? Next(IReadOnlyList<Track> tracks, DateTimeOffset at)
    {
        // Forget tracks that are gone, so the set stays as small as the scene.
        if (_reported.Count > 0)
            _reported.RemoveWhere(id => !tracks.Any(t => t.Id == id));
        if (at - _last < options.MinimumInterval)
            return null;
        foreach (var track in tracks)
        {
            if (track.State != TrackState.Confirmed || track.Hits < options.MinimumHits || !options.Labels.Contains(track.Label) || _reported.Contains(track.Id))
                continue;
            _reported.Add(track.Id);
            _last = at;
            return track;
        }
        return null;
    }
}
