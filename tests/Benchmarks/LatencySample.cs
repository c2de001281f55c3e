using System.Globalization;

namespace EdgeSecurity.Benchmarks;

/// <summary>Latencies of repeated round trips, summarised by percentiles.</summary>
internal sealed class LatencySample(string name)
{
    private readonly List<double> _milliseconds = [];

    public string Name => name;

    public int Count => _milliseconds.Count;

    public void Add(TimeSpan latency) => _milliseconds.Add(latency.TotalMilliseconds);

    public void AddRange(LatencySample other) => _milliseconds.AddRange(other._milliseconds);

    /// <summary>NaN when nothing was measured.</summary>
    public double Percentile(double p)
    {
        if (_milliseconds.Count == 0)
            return double.NaN;
        var sorted = _milliseconds.Order().ToArray();
        return sorted[(int)Math.Clamp(Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Name,-34} n={_milliseconds.Count,5}  p50={Percentile(50),7:0.00} ms  p99={Percentile(99),7:0.00} ms  max={_milliseconds.DefaultIfEmpty(double.NaN).Max(),7:0.00} ms");
}
