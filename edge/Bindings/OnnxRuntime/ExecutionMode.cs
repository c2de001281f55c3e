namespace EdgeSecurity.Bindings.OnnxRuntime;

/// <summary>Whether independent graph branches may run at once on the inter-op threads (ExecutionMode).</summary>
public enum ExecutionMode
{
    Sequential = 0,
    Parallel = 1,
}
