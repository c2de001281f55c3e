namespace EdgeSecurity.Video;

/// <summary>
/// Multi-object tracker after ByteTrack: Kalman-predicted boxes matched to detections by overlap in two stages, first
/// the confident detections against every track, then the weak ones against the tracks still unmatched, so a person
/// half hidden by a pillar keeps their id instead of being lost and reborn. Matching is greedy by overlap, which on
/// a gateway's handful of objects gives the same pairs as the Hungarian method. Objects match only within their class.
/// Not thread-safe: one per camera.
/// </summary>
public sealed class ByteTracker
{
    private readonly TrackerOptions _options;
    private readonly List<Track> _tracks = [];
    private readonly List<Track> _visible = [];
    private readonly List<(float Iou, int Track, int Detection)> _pairs = [];
    private readonly List<int> _unmatchedTracks = [];
    private bool[] _detectionUsed = [];
    private long _nextId = 1;

    public ByteTracker(TrackerOptions? options = null)
    {
        _options = options ?? new TrackerOptions();
        _options.Validate();
    }

    /// <summary>Confirmed tracks matched in their last update, valid until the next call.</summary>
    public IReadOnlyList<Track> Visible => _visible;

    /// <summary>Every track alive, lost and tentative ones included.</summary>
    public IReadOnlyList<Track> All => _tracks;

    /// <summary>
    /// Matches one frame's detections. <paramref name="searched"/> is the part of the frame the detector looked at (a
    /// motion crop); tracks outside it are held where they are instead of counting as missed.
    /// </summary>
    public IReadOnlyList<Track> Update(IReadOnlyList<DetectedObject> detections, DateTimeOffset at, BoundingBox? searched = null)
    {
        ArgumentNullException.ThrowIfNull(detections);
        foreach (var track in _tracks)
            track.Predict(at);
        if (_detectionUsed.Length < detections.Count)
            _detectionUsed = new bool[detections.Count * 2];
        Array.Clear(_detectionUsed);

        _unmatchedTracks.Clear();
        for (var i = 0; i < _tracks.Count; i++)
            _unmatchedTracks.Add(i);
        Associate(detections, at, d => d.Score >= _options.HighScore, _options.MatchIou, includeLost: true);
        Associate(detections, at, d => d.Score >= _options.LowScore && d.Score < _options.HighScore, _options.LowScoreMatchIou, includeLost: false);

        foreach (var index in _unmatchedTracks)
        {
            var track = _tracks[index];
            if (searched is { } area && !Inside(track.Box, area))
                track.Hold(at);
            else
                track.State = TrackState.Lost;
        }
        for (var d = 0; d < detections.Count; d++)
        {
            if (!_detectionUsed[d] && detections[d].Score >= _options.NewTrackScore)
                _tracks.Add(new Track(_nextId++, detections[d], at) { State = _options.ConfirmHits <= 1 ? TrackState.Confirmed : TrackState.Tentative });
        }
        // A tentative track missed once was a stray detection; a confirmed one may come back until the timeout.
        _tracks.RemoveAll(t => t.State == TrackState.Lost && (t.Hits < _options.ConfirmHits || at - t.LastSeen > _options.LostTimeout));
        return CollectVisible(at);
    }

    /// <summary>
    /// A frame without motion: nothing the tracker follows can have moved, so every confirmed track is still there.
    /// This keeps a parked car's dwell and stationary time growing while the detector rests.
    /// </summary>
    public IReadOnlyList<Track> Hold(DateTimeOffset at)
    {
        foreach (var track in _tracks.Where(t => t.State == TrackState.Confirmed))
            track.Hold(at);
        return CollectVisible(at);
    }

    private List<Track> CollectVisible(DateTimeOffset at)
    {
        _visible.Clear();
        _visible.AddRange(_tracks.Where(t => t.State == TrackState.Confirmed && t.LastSeen == at));
        return _visible;
    }

    private void Associate(IReadOnlyList<DetectedObject> detections, DateTimeOffset at, Func<DetectedObject, bool> eligible, float minimumIou, bool includeLost)
    {
        _pairs.Clear();
        foreach (var t in _unmatchedTracks)
        {
            var track = _tracks[t];
            if (!includeLost && track.State == TrackState.Lost)
                continue;
            var predicted = track.Box;
            for (var d = 0; d < detections.Count; d++)
            {
                var detection = detections[d];
                if (_detectionUsed[d] || detection.ClassId != track.ClassId || !eligible(detection))
                    continue;
                var iou = predicted.IntersectionOverUnion(detection.Box);
                if (iou >= minimumIou)
                    _pairs.Add((iou, t, d));
            }
        }
        _pairs.Sort((a, b) => b.Iou.CompareTo(a.Iou));
        foreach (var (_, t, d) in _pairs)
        {
            if (_detectionUsed[d] || !_unmatchedTracks.Contains(t))
                continue;
            _detectionUsed[d] = true;
            _unmatchedTracks.Remove(t);
            var track = _tracks[t];
            track.Match(detections[d], at);
            if (track.State == TrackState.Lost || track.Hits >= _options.ConfirmHits)
                track.State = track.Hits >= _options.ConfirmHits ? TrackState.Confirmed : TrackState.Tentative;
        }
    }

    private static bool Inside(BoundingBox box, BoundingBox area)
    {
        var centreX = (box.Left + box.Right) / 2;
        var centreY = (box.Top + box.Bottom) / 2;
        return centreX >= area.Left && centreX < area.Right && centreY >= area.Top && centreY < area.Bottom;
    }
}
