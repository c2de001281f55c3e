namespace EdgeSecurity.Video;

/// <summary>
/// One object followed from frame to frame under a stable id. Positions are the Kalman filter's estimates; the
/// foot point (bottom centre) is what zones test, since that is where a person or vehicle stands.
/// </summary>
public sealed class Track
{
    private readonly BoxKalmanFilter _filter;
    private PixelPoint _anchor;
    private DateTimeOffset _anchoredAt;

    internal Track(long id, DetectedObject detection, DateTimeOffset at)
    {
        Id = id;
        ClassId = detection.ClassId;
        Label = detection.Label;
        Score = detection.Score;
        _filter = new BoxKalmanFilter(detection.Box);
        FirstSeen = LastSeen = LastPredicted = at;
        Hits = 1;
        Foot = PreviousFoot = FootOf(detection.Box);
        _anchor = Foot;
        _anchoredAt = at;
    }

    public long Id { get; }

    public int ClassId { get; }

    public string Label { get; }

    /// <summary>The score of the last matched detection.</summary>
    public float Score { get; private set; }

    public TrackState State { get; internal set; } = TrackState.Tentative;

    public BoundingBox Box => _filter.Box;

    /// <summary>Bottom centre of the box: where the object touches the ground.</summary>
    public PixelPoint Foot { get; private set; }

    /// <summary>The foot point at the update before the last one, so a rule can tell that a line was crossed.</summary>
    public PixelPoint PreviousFoot { get; private set; }

    public DateTimeOffset FirstSeen { get; }

    public DateTimeOffset LastSeen { get; private set; }

    /// <summary>How long the object has been in view.</summary>
    public TimeSpan Dwell => LastSeen - FirstSeen;

    /// <summary>Pixels per second of the box's centre.</summary>
    public PixelPoint Velocity => _filter.Velocity;

    public int Hits { get; private set; }

    internal DateTimeOffset LastPredicted { get; private set; }

    /// <summary>
    /// Heading of travel, or <see cref="TravelDirection.None"/> when the object moves less than a tenth of its own
    /// height per second (standing, or jitter).
    /// </summary>
    public TravelDirection Direction
    {
        get
        {
            var (vx, vy) = (Velocity.X, Velocity.Y);
            if (MathF.Sqrt((vx * vx) + (vy * vy)) < 0.1f * Math.Max(1, Box.Height))
                return TravelDirection.None;
            var degrees = MathF.Atan2(vy, vx) * 180 / MathF.PI;
            var sector = (int)MathF.Round(((degrees + 360) % 360) / 45) % 8;
            return (TravelDirection)(sector + 1);
        }
    }

    /// <summary>
    /// How long the object has stayed within a quarter of its height of one spot (0 while it moves). Measured on the
    /// foot point, so a car's doors opening does not count as moving.
    /// </summary>
    public TimeSpan StationaryFor(DateTimeOffset at) => at - _anchoredAt;

    internal void Predict(DateTimeOffset at)
    {
        _filter.Predict(at - LastPredicted);
        LastPredicted = at;
    }

    internal void Match(DetectedObject detection, DateTimeOffset at)
    {
        _filter.Update(detection.Box);
        Score = detection.Score;
        Hits++;
        LastSeen = at;
        MoveFoot(at);
    }

    /// <summary>Nothing moved in the frame: the object is where it was, and it was seen.</summary>
    internal void Hold(DateTimeOffset at)
    {
        LastSeen = at;
        LastPredicted = at;
        PreviousFoot = Foot;
    }

    private void MoveFoot(DateTimeOffset at)
    {
        PreviousFoot = Foot;
        Foot = FootOf(Box);
        var (dx, dy) = (Foot.X - _anchor.X, Foot.Y - _anchor.Y);
        var radius = 0.25f * Math.Max(1, Box.Height);
        if ((dx * dx) + (dy * dy) > radius * radius)
        {
            _anchor = Foot;
            _anchoredAt = at;
        }
    }

    private static PixelPoint FootOf(BoundingBox box) => new((box.Left + box.Right) / 2, box.Bottom);

    public override string ToString() => $"#{Id} {Label} {State} {Box}";
}
