using EdgeSecurity.Bindings.Gpiod;

namespace EdgeSecurity.Agent.Doors;

/// <summary>
/// The real GPIO lines, created when the first GPIO door needs them, so that a gateway without GPIO doors never
/// loads libgpiod, and a missing library becomes a fault of those doors instead of a failed start.
/// </summary>
public sealed class GpioBackend(Func<IGpioLines> create)
{
    private readonly Lazy<IGpioLines> _lines = new(create);

    /// <exception cref="DllNotFoundException">libgpiod2 is not installed.</exception>
    public IGpioLines Lines => _lines.Value;
}
