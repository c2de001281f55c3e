namespace EdgeSecurity.Modbus.Rtu;

/// <summary>The bus never fell silent long enough to send: another master, or a device streaming garbage.</summary>
internal sealed class BusNotQuietException(int discarded, TimeSpan gap, TimeSpan limit) : Exception
{
    public int Discarded { get; } = discarded;

    public FrameRejection Rejection { get; } = FrameRejection.Of(
        FrameRejectionReason.StrayBytes,
        $"the bus was not silent for {gap.TotalMilliseconds:0.##} ms within {limit.TotalSeconds:0} s ({discarded} bytes discarded); is another master on the bus?",
        []);
}
