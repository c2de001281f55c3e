namespace EdgeSecurity.Bindings.Gpiod;

/// <summary>A change of a line's logical value.</summary>
/// <param name="Kind">Rising: the value became true; falling: it became false.</param>
/// <param name="Timestamp">
/// When it happened on the monotonic clock (time since boot, CLOCK_MONOTONIC): the kernel's own timestamp,
/// taken in the interrupt handler. It is the clock of <see cref="TimeProvider.GetTimestamp"/> on Linux, so
/// <see cref="GpioClock"/> can compare it with now or turn it into wall-clock time.
/// </param>
public readonly record struct GpioEdge(GpioEdgeKind Kind, TimeSpan Timestamp)
{
    /// <summary>The logical value after this edge.</summary>
    public bool Value => Kind == GpioEdgeKind.Rising;

    internal static GpioEdge To(bool value, TimeSpan timestamp) =>
        new(value ? GpioEdgeKind.Rising : GpioEdgeKind.Falling, timestamp);
}
