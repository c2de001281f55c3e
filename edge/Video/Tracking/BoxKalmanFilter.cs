namespace EdgeSecurity.Video;

/// <summary>
/// Smooths a tracked box and estimates its velocity. Noise scales with the box's height, as in ByteTrack: a near,
/// large person jitters by more pixels than a far, small one.
/// </summary>
internal sealed class BoxKalmanFilter
{
    // Measurement noise: a detector's box edges wander by about 1/20 of the object's height.
    private const float MeasurementStd = 1f / 20;
    // A walking person changes speed by about half a body height per second per second.
    private const float AccelerationStd = 0.5f;

    private ConstantVelocityKalman _x;
    private ConstantVelocityKalman _y;
    private ConstantVelocityKalman _width;
    private ConstantVelocityKalman _height;

    public BoxKalmanFilter(BoundingBox box)
    {
        var h = Math.Max(1, box.Height);
        var positionVariance = Square(2 * MeasurementStd * h);
        var velocityVariance = Square(h);
        _x = new ConstantVelocityKalman((box.Left + box.Right) / 2, positionVariance, velocityVariance);
        _y = new ConstantVelocityKalman((box.Top + box.Bottom) / 2, positionVariance, velocityVariance);
        _width = new ConstantVelocityKalman(box.Width, positionVariance, velocityVariance);
        _height = new ConstantVelocityKalman(box.Height, positionVariance, velocityVariance);
    }

    public BoundingBox Box
    {
        get
        {
            float w = Math.Max(1, _width.Position) / 2, h = Math.Max(1, _height.Position) / 2;
            return new BoundingBox(_x.Position - w, _y.Position - h, _x.Position + w, _y.Position + h);
        }
    }

    /// <summary>Pixels per second of the box's centre.</summary>
    public PixelPoint Velocity => new(_x.Velocity, _y.Velocity);

    public void Predict(TimeSpan elapsed)
    {
        var seconds = (float)Math.Max(0, elapsed.TotalSeconds);
        if (seconds == 0)
            return;
        var q = Square(AccelerationStd * Math.Max(1, _height.Position));
        _x.Predict(seconds, q);
        _y.Predict(seconds, q);
        _width.Predict(seconds, q / 4);
        _height.Predict(seconds, q / 4);
    }

    public void Update(BoundingBox measured)
    {
        var r = Square(MeasurementStd * Math.Max(1, measured.Height));
        _x.Update((measured.Left + measured.Right) / 2, r);
        _y.Update((measured.Top + measured.Bottom) / 2, r);
        _width.Update(measured.Width, r);
        _height.Update(measured.Height, r);
    }

    private static float Square(float value) => value * value;
}
