using System.Globalization;

namespace EdgeSecurity.Bindings.OnnxRuntime.Tests;

[Collection(ProcessWideMeasurements.Name)]
public sealed class MemoryTests
{
    private const int Runs = 150;

    [Fact]
    public void Many_runs_do_not_grow_native_or_managed_memory()
    {
        using var session = new InferenceSession(SharedModels.YoloxNano416);
        var pixels = new float[3 * 416 * 416];
        Array.Fill(pixels, 114f);
        using var input = new FloatTensor(pixels, 1, 3, 416, 416);
        RunMany(session, input, 10);
        var residentBefore = ResidentBytes();
        var managedBefore = GC.GetTotalMemory(forceFullCollection: true);

        RunMany(session, input, Runs);

        // A leaked output alone would be 3549 × 85 floats = 1.2 MB per run, 180 MB over the loop.
        var residentGrowth = ResidentBytes() - residentBefore;
        var managedGrowth = GC.GetTotalMemory(forceFullCollection: true) - managedBefore;
        Assert.True(residentGrowth < 24 << 20, $"resident memory grew by {residentGrowth >> 20} MB over {Runs} runs");
        Assert.True(managedGrowth < 1 << 20, $"managed memory grew by {managedGrowth >> 10} KB over {Runs} runs");
    }

    private static void RunMany(InferenceSession session, FloatTensor input, int runs)
    {
        for (var i = 0; i < runs; i++)
        {
            using var result = session.Run(input);
            Assert.Equal(3549 * 85, result.GetFloats(0).Length);
        }
    }

    private static long ResidentBytes()
    {
        var line = File.ReadLines("/proc/self/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}
