namespace EdgeSecurity.Video;

/// <summary>How the falling-object detector tells a thrown object from a bird or laundry on a facade camera.</summary>
public sealed record FallingObjectOptions
{
    /// <summary>The height of one storey in frame pixels; it sets every other scale (3 m a storey).</summary>
    public required float FloorHeight { get; init; }

    /// <summary>Storeys the object must fall across.</summary>
    public int MinFloors { get; init; } = 2;

    /// <summary>Motion regions larger than this many storeys in width or height are not a small object.</summary>
    public float MaxObjectFloors { get; init; } = 0.5f;

    /// <summary>Least downward acceleration, as a share of gravity; drag slows light objects, but nothing falls at a constant speed from rest.</summary>
    public float MinGravityShare { get; init; } = 0.3f;

    /// <summary>A trajectory not extended for this long has ended.</summary>
    public TimeSpan MaxGap { get; init; } = TimeSpan.FromMilliseconds(400);

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(FloorHeight);
        ArgumentOutOfRangeException.ThrowIfLessThan(MinFloors, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxObjectFloors);
        ArgumentOutOfRangeException.ThrowIfNegative(MinGravityShare);
    }
}

/// <summary>A fall the detector recognised: where it was first and last seen, and across how many storeys.</summary>
public sealed record FallingObject(PixelPoint From, PixelPoint To, float Floors, TimeSpan Duration);

/// <summary>
/// Finds objects thrown or falling from height in the motion regions of a facade camera, without a detector: small
/// regions are chained frame to frame into trajectories, and a trajectory is a fall when it goes down across the
/// required storeys, almost only down (no turning back, no sideways swing), and speeds up like a falling body (a
/// quadratic fit of height over time with a downward acceleration of at least a share of gravity). A bird glides
/// sideways, climbs or dives at a steady speed; laundry swings in place: each fails one of these. Not thread-safe.
/// </summary>
public sealed class FallingObjectDetector
{
    // 9.81 m/s² over a 3 m storey.
    private const float GravityFloorsPerSecondSquared = 9.81f / 3;
    private const int MinPoints = 4;

    private readonly FallingObjectOptions _options;
    private readonly List<Trajectory> _trajectories = [];
    private readonly List<FallingObject> _found = [];

    public FallingObjectDetector(FallingObjectOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>Feeds one frame's motion regions; returns the falls recognised in this frame (each fall once), valid until the next call.</summary>
    public IReadOnlyList<FallingObject> Update(IReadOnlyList<BoundingBox> motion, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(motion);
        _found.Clear();
        _trajectories.RemoveAll(t => at - t.LastAt > _options.MaxGap);
        var maxSize = _options.MaxObjectFloors * _options.FloorHeight;
        var extended = new HashSet<Trajectory>();
        foreach (var region in motion.Where(r => r.Width <= maxSize && r.Height <= maxSize))
        {
            var centre = new PixelPoint((region.Left + region.Right) / 2, (region.Top + region.Bottom) / 2);
            var best = _trajectories
                .Where(t => !extended.Contains(t))
                .Select(t => (Trajectory: t, Distance: t.DistanceFromPrediction(centre, at)))
                .Where(c => c.Distance <= _options.FloorHeight)
                .OrderBy(c => c.Distance)
                .FirstOrDefault();
            var trajectory = best.Trajectory;
            if (trajectory is null)
            {
                trajectory = new Trajectory();
                _trajectories.Add(trajectory);
            }
            trajectory.Add(centre, at);
            extended.Add(trajectory);
        }
        foreach (var trajectory in extended.Where(t => !t.Reported && IsFall(t)))
        {
            trajectory.Reported = true;
            var (first, last) = (trajectory.Points[0], trajectory.Points[^1]);
            _found.Add(new FallingObject(first.Point, last.Point, (last.Point.Y - first.Point.Y) / _options.FloorHeight, last.At - first.At));
        }
        return _found;
    }

    private bool IsFall(Trajectory trajectory)
    {
        var points = trajectory.Points;
        if (points.Count < MinPoints)
            return false;
        var (first, last) = (points[0].Point, points[^1].Point);
        var drop = last.Y - first.Y;
        if (drop < _options.MinFloors * _options.FloorHeight)
            return false;
        // Mostly down: sideways drift of at most half the drop, never back up, sideways motion in one direction only.
        if (Math.Abs(last.X - first.X) > drop / 2)
            return false;
        var tolerance = _options.FloorHeight / 10;
        var sideways = 0;
        for (var i = 1; i < points.Count; i++)
        {
            var (dx, dy) = (points[i].Point.X - points[i - 1].Point.X, points[i].Point.Y - points[i - 1].Point.Y);
            if (dy < -tolerance)
                return false;
            if (Math.Abs(dx) > tolerance)
            {
                var direction = Math.Sign(dx);
                if (sideways != 0 && direction != sideways)
                    return false;
                sideways = direction;
            }
        }
        var acceleration = 2 * QuadraticCoefficient(points);
        return acceleration >= _options.MinGravityShare * GravityFloorsPerSecondSquared * _options.FloorHeight;
    }

    /// <summary>c of the least-squares fit y = a + b·t + c·t² (t in seconds from the first point).</summary>
    private static float QuadraticCoefficient(List<(PixelPoint Point, DateTimeOffset At)> points)
    {
        // Normal equations of the 3-parameter fit, solved by Cramer's rule; doubles, since t⁴ sums lose float precision.
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, y0 = 0, y1 = 0, y2 = 0;
        var start = points[0].At;
        foreach (var (point, at) in points)
        {
            var t = (at - start).TotalSeconds;
            var t2 = t * t;
            s0++;
            s1 += t;
            s2 += t2;
            s3 += t2 * t;
            s4 += t2 * t2;
            y0 += point.Y;
            y1 += point.Y * t;
            y2 += point.Y * t2;
        }
        var determinant = Determinant(s0, s1, s2, s1, s2, s3, s2, s3, s4);
        if (Math.Abs(determinant) < 1e-12)
            return 0;
        return (float)(Determinant(s0, s1, y0, s1, s2, y1, s2, s3, y2) / determinant);
    }

    private static double Determinant(double a, double b, double c, double d, double e, double f, double g, double h, double i) =>
        (a * ((e * i) - (f * h))) - (b * ((d * i) - (f * g))) + (c * ((d * h) - (e * g)));

    private sealed class Trajectory
    {
        public List<(PixelPoint Point, DateTimeOffset At)> Points { get; } = [];

        public DateTimeOffset LastAt => Points[^1].At;

        public bool Reported { get; set; }

        public void Add(PixelPoint point, DateTimeOffset at) => Points.Add((point, at));

        /// <summary>Distance from where the trajectory's last velocity would put it at <paramref name="at"/>.</summary>
        public float DistanceFromPrediction(PixelPoint point, DateTimeOffset at)
        {
            var last = Points[^1];
            var predicted = last.Point;
            if (Points.Count >= 2)
            {
                var previous = Points[^2];
                var step = (float)((at - last.At) / (last.At - previous.At));
                if (float.IsFinite(step))
                    predicted = new PixelPoint(last.Point.X + ((last.Point.X - previous.Point.X) * step), last.Point.Y + ((last.Point.Y - previous.Point.Y) * step));
            }
            var (dx, dy) = (point.X - predicted.X, point.Y - predicted.Y);
            return MathF.Sqrt((dx * dx) + (dy * dy));
        }
    }
}
