namespace EdgeSecurity.Bindings.Gpiod;

/// <summary>Which way the logical value changed (after active-low is applied).</summary>
public enum GpioEdgeKind
{
    /// <summary>The value became true (active).</summary>
    Rising,

    /// <summary>The value became false (inactive).</summary>
    Falling,
}
