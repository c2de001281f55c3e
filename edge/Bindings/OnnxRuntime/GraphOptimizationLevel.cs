namespace EdgeSecurity.Bindings.OnnxRuntime;

/// <summary>How far ORT rewrites the graph when it loads a model (GraphOptimizationLevel).</summary>
public enum GraphOptimizationLevel
{
    DisableAll = 0,
    Basic = 1,
    Extended = 2,
    All = 99,
}
