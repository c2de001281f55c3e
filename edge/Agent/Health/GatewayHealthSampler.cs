using System.Globalization;
using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Agent.Gateway;
using EdgeSecurity.Contract;

namespace EdgeSecurity.Agent.Health;

/// <summary>
/// Measures the gateway for the heartbeat from what Linux exposes: CPU use from /proc/stat (since the previous sample),
/// memory from /proc/meminfo (in use = MemTotal − MemAvailable), free space of the data directory's file system (the
/// outbox's disk), and the hottest of /sys/class/thermal/thermal_zone*/temp. Anything missing or unreadable (no thermal
/// zone in a container, say) is left out of the heartbeat rather than guessed; sampling never throws.
/// </summary>
public sealed class GatewayHealthSampler
{
    private readonly string _procDirectory;
    private readonly string _thermalDirectory;
    private readonly string _dataDirectory;
    private readonly Lock _gate = new();
    private CpuTimes? _previous;

    public GatewayHealthSampler(AgentConfig config)
        : this(config.DataDirectory, "/proc", "/sys/class/thermal")
    {
    }

    /// <param name="procDirectory">Where /proc is; a test passes a directory of its own files.</param>
    /// <param name="thermalDirectory">Where /sys/class/thermal is.</param>
    public GatewayHealthSampler(string dataDirectory, string procDirectory, string thermalDirectory)
    {
        _dataDirectory = dataDirectory;
        _procDirectory = procDirectory;
        _thermalDirectory = thermalDirectory;
    }

    public GatewayHealth Sample()
    {
        var (used, total) = Memory();
        return new GatewayHealth(CpuPercent(), used, total, DiskFree(), Temperature(), AgentVersion.Current);
    }

    private double? CpuPercent()
    {
        var now = ReadCpuTimes();
        lock (_gate)
        {
            var before = _previous;
            _previous = now;
            if (now is null || before is null)
                return null;
            var total = now.Value.Total - before.Value.Total;
            var idle = now.Value.Idle - before.Value.Idle;
            return total <= 0 ? null : Math.Round(Math.Clamp(100.0 * (total - idle) / total, 0, 100), 1);
        }
    }

    /// <summary>The first line of /proc/stat: "cpu user nice system idle iowait irq softirq steal ...", in clock ticks.</summary>
    private CpuTimes? ReadCpuTimes()
    {
        var line = ReadText(Path.Combine(_procDirectory, "stat"))?.Split('\n', 2)[0];
        if (line is null || !line.StartsWith("cpu ", StringComparison.Ordinal))
            return null;
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).ToList();
        var ticks = new List<long>();
        foreach (var field in fields)
        {
            if (!long.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                return null;
            ticks.Add(value);
        }
        if (ticks.Count < 4)
            return null;
        // Idle time is idle plus iowait: a CPU waiting for the disk is free to run something else.
        var idle = ticks[3] + (ticks.Count > 4 ? ticks[4] : 0);
        return new CpuTimes(ticks.Sum(), idle);
    }

    private (long? Used, long? Total) Memory()
    {
        var text = ReadText(Path.Combine(_procDirectory, "meminfo"));
        if (text is null)
            return (null, null);
        long? total = null, available = null;
        foreach (var line in text.Split('\n'))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2 || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var kibibytes))
                continue;
            if (parts[0] == "MemTotal:")
                total = kibibytes * 1024;
            else if (parts[0] == "MemAvailable:")
                available = kibibytes * 1024;
        }
        return (total - available, total);
    }

    private long? DiskFree()
    {
        try
        {
            return new DriveInfo(_dataDirectory).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The hottest zone: the one closest to throttling is what an operator needs to know about.</summary>
    private double? Temperature()
    {
        string[] zones;
        try
        {
            zones = Directory.GetDirectories(_thermalDirectory, "thermal_zone*");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        double? hottest = null;
        foreach (var zone in zones)
        {
            var text = ReadText(Path.Combine(zone, "temp"))?.Trim();
            // Millidegrees Celsius; a sensor that is off reads an error or a nonsense value.
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var millidegrees) && millidegrees is > -50_000 and < 200_000)
                hottest = Math.Max(hottest ?? double.MinValue, millidegrees / 1000.0);
        }
        return hottest;
    }

    private static string? ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private readonly record struct CpuTimes(long Total, long Idle);
}
