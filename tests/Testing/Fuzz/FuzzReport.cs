using System.Globalization;
using System.Text;

namespace EdgeSecurity.Testing.Fuzz;

/// <summary>One failing input: its index in the seeded sequence, the input as base64, and what went wrong.</summary>
public sealed record FuzzCrash(long Index, string InputBase64, string Failure);

/// <summary>The counts of one run of one target; <see cref="IsClean"/> when no input crashed it or was refused without a reason.</summary>
public sealed class FuzzReport(string target, int seed)
{
    private const int CrashesKept = 5;
    private readonly SortedDictionary<string, long> _rejected = new(StringComparer.Ordinal);
    private readonly List<FuzzCrash> _crashes = [];

    public string Target { get; } = target;

    public int Seed { get; } = seed;

    public long Inputs { get; private set; }

    public long Accepted { get; private set; }

    public long Crashes { get; private set; }

    public TimeSpan Elapsed { get; internal set; }

    public IReadOnlyDictionary<string, long> RejectedByReason => _rejected;

    public IReadOnlyList<FuzzCrash> FirstCrashes => _crashes;

    public bool IsClean => Crashes == 0;

    internal void Count(FuzzVerdict verdict)
    {
        Inputs++;
        if (verdict.IsAccepted)
            Accepted++;
        else
            _rejected[verdict.RejectionCode!] = _rejected.GetValueOrDefault(verdict.RejectionCode!) + 1;
    }

    internal void Crash(long index, byte[] input, string failure)
    {
        Inputs++;
        Crashes++;
        if (_crashes.Count < CrashesKept)
            _crashes.Add(new FuzzCrash(index, Convert.ToBase64String(input), failure));
    }

    /// <summary>One line per target, the figure the fuzz README records.</summary>
    public string Summary()
    {
        var rejected = _rejected.Values.Sum();
        var reasons = string.Join(", ", _rejected.Select(r => $"{r.Key} {r.Value}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"{Target}: {Inputs} inputs in {Elapsed.TotalSeconds:0.#} s (seed {Seed}), {Accepted} accepted, {rejected} rejected ({reasons}), {Crashes} crashes");
    }

    public override string ToString()
    {
        var text = new StringBuilder(Summary());
        foreach (var crash in _crashes)
        {
            text.AppendLine().Append(CultureInfo.InvariantCulture, $"  input #{crash.Index} (seed {Seed}), base64 {crash.InputBase64}")
                .AppendLine().Append("    ").Append(crash.Failure);
        }
        return text.ToString();
    }
}
