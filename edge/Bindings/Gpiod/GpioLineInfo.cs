namespace EdgeSecurity.Bindings.Gpiod;

/// <summary>One line of a chip as gpioinfo shows it.</summary>
/// <param name="Name">Null when the device tree gives the line no name.</param>
/// <param name="Consumer">Who holds the line (a process's consumer label or a kernel driver), null when free.</param>
/// <param name="IsUsed">Held by a process or by the kernel; such a line cannot be requested.</param>
public sealed record GpioLineInfo(
    int Offset,
    string? Name,
    string? Consumer,
    bool IsUsed,
    GpioLineDirection Direction,
    bool ActiveLow,
    GpioBias Bias);
