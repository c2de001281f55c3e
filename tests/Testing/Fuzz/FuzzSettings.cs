using System.Globalization;

namespace EdgeSecurity.Testing.Fuzz;

/// <summary>
/// Seed and time budget of a fuzz run. In the suite every target gets its own short budget and the fixed seed;
/// tests/Fuzz/run.sh sets FUZZ_SECONDS and FUZZ_SEED for long runs and FUZZ_REPORT for the per-target summary lines.
/// </summary>
public sealed record FuzzSettings(int Seed, TimeSpan Budget, string? ReportPath)
{
    public const int DefaultSeed = 20261122;

    public static FuzzSettings ForSuite(TimeSpan suiteBudget)
    {
        var seconds = Environment.GetEnvironmentVariable("FUZZ_SECONDS");
        var seed = Environment.GetEnvironmentVariable("FUZZ_SEED");
        return new FuzzSettings(
            seed is { Length: > 0 } ? int.Parse(seed, CultureInfo.InvariantCulture) : DefaultSeed,
            seconds is { Length: > 0 } ? TimeSpan.FromSeconds(double.Parse(seconds, CultureInfo.InvariantCulture)) : suiteBudget,
            Environment.GetEnvironmentVariable("FUZZ_REPORT") is { Length: > 0 } report ? report : null);
    }
}
