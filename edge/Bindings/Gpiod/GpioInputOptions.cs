namespace EdgeSecurity.Bindings.Gpiod;

/// <summary>How a line is requested as an input.</summary>
public sealed record GpioInputOptions
{
    public GpioBias Bias { get; init; } = GpioBias.AsIs;

    /// <summary>The logical value is true when the wire is low: a contact that pulls a pulled-up line to ground reads true when closed.</summary>
    public bool ActiveLow { get; init; }

    /// <summary>
    /// Software debounce: an edge is reported once the new level has held this long, stamped with the time of the
    /// first edge of the burst that led to it, when the contact first moved; bounce in between is dropped.
    /// Zero (the default) reports every edge as the kernel delivers it.
    /// </summary>
    public TimeSpan Debounce
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            field = value;
        }
    }

    /// <summary>Shown as the line's consumer by gpioinfo, so an installer can see who holds it.</summary>
    public string Consumer { get; init; } = "edgesecurity";
}
