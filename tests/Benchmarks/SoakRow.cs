using System.Globalization;

namespace EdgeSecurity.Benchmarks;

/// <summary>One process over one soak window; CPU as a share of the whole machine.</summary>
internal sealed record Gauge(double ResidentMegabytes, double CpuPercent, int Handles, int Threads)
{
    /// <summary>Reads the process now; <paramref name="cpuSeconds"/> holds its CPU time at the previous reading and is moved on.</summary>
    public static Gauge Of(int pid, ref double cpuSeconds, double windowSeconds)
    {
        var now = ProcessCpu.CpuSeconds(pid);
        var percent = (now - cpuSeconds) / windowSeconds / Environment.ProcessorCount * 100;
        cpuSeconds = now;
        return new Gauge(ProcessCpu.ResidentMegabytes(pid), percent, ProcessCpu.OpenHandles(pid), ProcessCpu.Threads(pid));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{ResidentMegabytes,9:0.0} {CpuPercent,6:0.0} {Handles,8} {Threads,7}");
}

internal sealed record SoakRow(TimeSpan At, Gauge Hub, Gauge Agent, double BrokerMegabytes, LatencySample Stream, LatencySample Painted, double TelemetryPerSecond)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{At.TotalMinutes,5:0.0} | {Hub}     | {Agent}       | {BrokerMegabytes,9:0.0} | {Stream.Count,6} {Stream.Percentile(99),13:0.0} {Painted.Percentile(99),15:0.0} | {TelemetryPerSecond,15:N0}");
}
