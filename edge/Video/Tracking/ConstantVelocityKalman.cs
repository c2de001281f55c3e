namespace EdgeSecurity.Video;

/// <summary>
/// A one-dimensional Kalman filter with a constant-velocity model and white-noise acceleration. A box is four of them
/// (centre x, centre y, width, height): the coordinates move independently enough that the full 8×8 filter of SORT and
/// ByteTrack buys nothing here, and time steps are real seconds, because frames reach the tracker irregularly.
/// </summary>
internal struct ConstantVelocityKalman
{
    private float _p00;
    private float _p01;
    private float _p11;

    public ConstantVelocityKalman(float position, float positionVariance, float velocityVariance)
    {
        Position = position;
        Velocity = 0;
        _p00 = positionVariance;
        _p01 = 0;
        _p11 = velocityVariance;
    }

    public float Position { get; private set; }

    /// <summary>Units per second.</summary>
    public float Velocity { get; private set; }

    public void Predict(float seconds, float accelerationVariance)
    {
        var dt = seconds;
        Position += Velocity * dt;
        // P = F P Fᵀ + Q, F = [1 dt; 0 1], Q = q [dt⁴/4 dt³/2; dt³/2 dt²].
        var p00 = _p00 + (2 * dt * _p01) + (dt * dt * _p11);
        var p01 = _p01 + (dt * _p11);
        var dt2 = dt * dt;
        _p00 = p00 + (accelerationVariance * dt2 * dt2 / 4);
        _p01 = p01 + (accelerationVariance * dt2 * dt / 2);
        _p11 += accelerationVariance * dt2;
    }

    public void Update(float measurement, float measurementVariance)
    {
        var innovation = measurement - Position;
        var s = _p00 + measurementVariance;
        var k0 = _p00 / s;
        var k1 = _p01 / s;
        Position += k0 * innovation;
        Velocity += k1 * innovation;
        var p00 = (1 - k0) * _p00;
        var p01 = (1 - k0) * _p01;
        var p11 = _p11 - (k1 * _p01);
        (_p00, _p01, _p11) = (p00, p01, p11);
    }
}
