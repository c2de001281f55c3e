using System.Globalization;
using EdgeSecurity.Testing.Chaos;

namespace EdgeSecurity.Benchmarks;

/// <summary>
/// The long chaos run: three agents raise 10,000 alarms through their doors and report 6000 telemetry points over two
/// minutes while the broker, the hub and an agent are SIGKILLed and restarted 15 times at seeded moments; then one
/// agent's 1 MB outbox is overrun with telemetry while the broker is stopped; every telemetry point must be in InfluxDB
/// exactly once or counted as thinned. The suite's ChaosTests is the short version.
/// </summary>
internal static class ChaosBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var options = new ChaosOptions
        {
            Alarms = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000,
            SendingTime = TimeSpan.FromSeconds(120),
            Kills = 15,
            RecoveryTimeout = TimeSpan.FromSeconds(120),
            TelemetryPoints = 6000,
        };
        var report = await ChaosRun.RunAsync(options, Console.WriteLine);

        Console.WriteLine();
        Console.WriteLine($"chaos: {options.Alarms} alarms, {options.Agents} agents, {options.Kills} kills, seed {options.Seed}, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine(report);
        Console.WriteLine($"alarms exactly once and in order: {(report.ExactlyOnceInOrder ? "yes" : "NO")}");
        Console.WriteLine($"telemetry exactly once or thinned, every point: {(report.Telemetry.Lost == 0 && report.Telemetry.Duplicates == 0 ? "yes" : "NO")}");
        Console.WriteLine($"telemetry of the clean outage (flood) stored or thinned, every point: {(report.Telemetry.FloodLost == 0 ? "yes" : "NO")}");
    }
}
