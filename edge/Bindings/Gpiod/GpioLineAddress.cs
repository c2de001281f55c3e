namespace EdgeSecurity.Bindings.Gpiod;

/// <summary>
/// Which line to open: an offset or a line name on one chip, or a line name looked up on every chip.
/// A chip is named as libgpiod's gpiod_chip_open_lookup accepts it: "gpiochip0", "/dev/gpiochip0", "0" or its label.
/// </summary>
public sealed record GpioLineAddress
{
    private GpioLineAddress(string? chip, int? offset, string? lineName)
    {
        Chip = chip;
        Offset = offset;
        LineName = lineName;
    }

    /// <summary>Null when the line is found by name on whichever chip has it.</summary>
    public string? Chip { get; }

    /// <summary>Null when the line is found by name.</summary>
    public int? Offset { get; }

    /// <summary>Null when the line is given by offset.</summary>
    public string? LineName { get; }

    public static GpioLineAddress OnChip(string chip, int offset)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(chip);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        return new GpioLineAddress(chip, offset, null);
    }

    public static GpioLineAddress OnChip(string chip, string lineName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(chip);
        ArgumentException.ThrowIfNullOrWhiteSpace(lineName);
        return new GpioLineAddress(chip, null, lineName);
    }

    /// <summary>The first line with this name on any chip (the kernel does not make line names unique).</summary>
    public static GpioLineAddress Named(string lineName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(lineName);
        return new GpioLineAddress(null, null, lineName);
    }

    /// <summary>"gpiochip0:17", "gpiochip0:DOOR_1" or "DOOR_1".</summary>
    public override string ToString() =>
        Chip is null ? LineName! : $"{Chip}:{(Offset is { } offset ? offset.ToString(System.Globalization.CultureInfo.InvariantCulture) : LineName)}";
}
