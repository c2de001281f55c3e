namespace EdgeSecurity.Bindings.Gpiod;

/// <summary>The line's internal bias resistor (Linux 5.5 or later can set it from user space).</summary>
public enum GpioBias
{
    /// <summary>Leave the bias as firmware or the device tree set it.</summary>
    AsIs,

    /// <summary>No internal resistor: the circuit must define the level (external pull-up or pull-down).</summary>
    Disabled,

    PullUp,

    PullDown,
}
