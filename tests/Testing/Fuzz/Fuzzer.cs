using System.Diagnostics;

namespace EdgeSecurity.Testing.Fuzz;

/// <summary>
/// Feeds a target generated inputs until the time budget is spent. Input i comes from its own Random seeded by the
/// run's seed and i, so a failure is reproduced from the seed and index alone (the input is printed too, as base64).
/// Anything the target throws is a crash, and so is a refusal without a reason.
/// </summary>
public static class Fuzzer
{
    /// <summary>A target that takes longer than this on one input is hung, which counts as a crash.</summary>
    private static readonly TimeSpan InputTimeout = TimeSpan.FromSeconds(30);

    public static FuzzReport Run<T>(string target, FuzzSettings settings, Func<Random, T> generate, Func<T, byte[]> encode, Func<T, FuzzVerdict> check) =>
        RunAsync(target, settings, generate, encode, input => Task.FromResult(check(input))).GetAwaiter().GetResult();

    public static async Task<FuzzReport> RunAsync<T>(string target, FuzzSettings settings, Func<Random, T> generate, Func<T, byte[]> encode, Func<T, Task<FuzzVerdict>> check)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(generate);
        ArgumentNullException.ThrowIfNull(encode);
        ArgumentNullException.ThrowIfNull(check);
        var report = new FuzzReport(target, settings.Seed);
        var clock = Stopwatch.StartNew();
        for (long i = 0; clock.Elapsed < settings.Budget; i++)
        {
            var input = generate(RandomFor(settings.Seed, i));
            try
            {
                var verdict = await check(input).WaitAsync(InputTimeout).ConfigureAwait(false);
                if (!verdict.IsAccepted && string.IsNullOrWhiteSpace(verdict.Reason))
                    report.Crash(i, encode(input), $"refused ({verdict.RejectionCode}) without a reason");
                else
                    report.Count(verdict);
            }
            catch (TimeoutException)
            {
                report.Crash(i, encode(input), $"no answer within {InputTimeout.TotalSeconds} s");
            }
#pragma warning disable CA1031 // Whatever a target throws is the finding.
            catch (Exception e)
#pragma warning restore CA1031
            {
                report.Crash(i, encode(input), Describe(e));
            }
        }
        report.Elapsed = clock.Elapsed;
        if (settings.ReportPath is not null)
            await File.AppendAllTextAsync(settings.ReportPath, report + Environment.NewLine).ConfigureAwait(false);
        return report;
    }

    /// <summary>The exception and the frames nearest to it, enough to find the fault without a page of parser internals.</summary>
    private static string Describe(Exception e)
    {
        var frames = (e.StackTrace ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var ours = frames.FirstOrDefault(f => f.Contains("EdgeSecurity.", StringComparison.Ordinal) && !f.Contains(".Fuzz", StringComparison.Ordinal));
        return $"{e.GetType().FullName}: {e.Message} | {string.Join(" | ", frames.Take(3))}{(ours is null ? "" : " | … " + ours)}";
    }

    /// <summary>The Random of input <paramref name="index"/> of a run with <paramref name="seed"/>.</summary>
    public static Random RandomFor(int seed, long index) => new(unchecked((int)(((uint)seed * 2654435761u) ^ (uint)(index * 40503))));
}
