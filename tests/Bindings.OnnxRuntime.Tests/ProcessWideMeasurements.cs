namespace EdgeSecurity.Bindings.OnnxRuntime.Tests;

/// <summary>
/// Tests that read process-wide counters (resident memory, pinned objects) run alone, after the parallel ones: the
/// sessions and tensors of other tests would move those counters under them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideMeasurements
{
    public const string Name = "process-wide measurements";
}
