namespace EdgeSecurity.Bindings.Gpiod;

/// <summary>
/// Brings the kernel's edge timestamps onto the monotonic clock. Linux 5.7 moved GPIO edge timestamps from
/// CLOCK_REALTIME to CLOCK_MONOTONIC; gateways with older vendor kernels still stamp wall-clock time.
/// </summary>
internal sealed class KernelClock(bool stampsRealtime, TimeProvider time)
{
    private static readonly Version FirstMonotonicKernel = new(5, 7);

    public static KernelClock ForKernel(Version kernel, TimeProvider time) => new(kernel < FirstMonotonicKernel, time);

    public TimeSpan ToMonotonic(TimeSpan kernelTimestamp) =>
        stampsRealtime ? kernelTimestamp - (time.GetUtcNow() - DateTimeOffset.UnixEpoch) + GpioClock.Now(time) : kernelTimestamp;
}
