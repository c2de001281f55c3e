namespace EdgeSecurity.Bindings.Gpiod;

/// <summary>A GPIO chip as gpiodetect and gpioinfo show it.</summary>
/// <param name="Name">The kernel's name, e.g. "gpiochip0".</param>
/// <param name="Label">The driver's label, e.g. "pinctrl-bcm2711".</param>
public sealed record GpioChipInfo(string Name, string Label, IReadOnlyList<GpioLineInfo> Lines);
