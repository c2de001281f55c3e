using System.Diagnostics;
using System.Globalization;

namespace EdgeSecurity.Benchmarks;

/// <summary>CPU time, memory, open handles and threads of a process (CPU with its direct children, the cameras' ffmpeg), from /proc.</summary>
internal static class ProcessCpu
{
    // USER_HZ: /proc reports CPU times in clock ticks of 1/100 s on Linux.
    private const double TicksPerSecond = 100;

    /// <summary>CPU seconds used so far by <paramref name="pid"/> and by its children that are still running.</summary>
    public static double CpuSeconds(int pid)
    {
        var total = 0.0;
        foreach (var (processId, parent, cpu) in Processes())
        {
            if (processId == pid || parent == pid)
                total += cpu;
        }
        return total;
    }

    /// <summary>Resident memory of one process, in megabytes (VmRSS).</summary>
    public static double ResidentMegabytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>Open file descriptors: files, sockets, pipes, event handles.</summary>
    public static int OpenHandles(int pid) => Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd").Count();

    public static int Threads(int pid) => Directory.EnumerateDirectories($"/proc/{pid}/task").Count();

    public static IEnumerable<int> Children(int pid) => Processes().Where(p => p.Parent == pid).Select(p => p.Id);

    public static int Self => Environment.ProcessId;

    private static IEnumerable<(int Id, int Parent, double CpuSeconds)> Processes()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var id))
                continue;
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (IOException)
            {
                continue;
            }
            // The command name in parentheses may hold spaces: the fields after its closing parenthesis are fixed.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
            var cpu = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
            yield return (id, parent, cpu);
        }
    }

    public static double Elapsed(long since) => Stopwatch.GetElapsedTime(since).TotalSeconds;
}
