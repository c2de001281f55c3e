using EdgeSecurity.Modbus.Rtu;

namespace EdgeSecurity.Modbus;

public sealed record ModbusMasterOptions
{
    /// <summary>
    /// How long a slave may take to start answering once the request has left the wire. Detectors typically answer
    /// within 50 ms; libmodbus's default is the same 500 ms.
    /// </summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Further attempts after a timeout or an invalid answer. Exception answers are definite and never retried.</summary>
    public int Retries { get; init; } = 2;

    /// <summary>Bus timing; by default derived from the line's baud rate.</summary>
    public RtuTiming? Timing { get; init; }

    internal void Validate()
    {
        if (ResponseTimeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(ResponseTimeout), ResponseTimeout, "The response timeout must be positive.");
        ArgumentOutOfRangeException.ThrowIfNegative(Retries);
    }
}
