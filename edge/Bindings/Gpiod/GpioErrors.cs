using System.Runtime.InteropServices;

namespace EdgeSecurity.Bindings.Gpiod;

/// <summary>The errors both backends report in the same words, so a configuration mistake reads the same in a dry run and on site.</summary>
internal sealed class GpioErrors(string place, string noChips)
{
    public static readonly GpioErrors Machine = new("this machine", "/dev/gpiochip* does not exist on this machine");
    public static readonly GpioErrors Simulation = new("the simulation", "the simulation has no chips");

    /// <param name="chips">The chips that do exist, as they should be shown.</param>
    public GpioException ChipNotFound(string chip, IReadOnlyCollection<string> chips) =>
        new($"GPIO chip '{chip}' was not found: {Present(chips)}.");

    public GpioException LineNameNotFound(string lineName, IReadOnlyCollection<string> chips) =>
        new($"No GPIO line is named '{lineName}': {(chips.Count == 0 ? noChips : $"no chip of {place} has it ({string.Join(", ", chips)})")}.");

    public static GpioException LineNameNotOnChip(string chip, string lineName) =>
        new($"GPIO chip '{chip}' has no line named '{lineName}'.");

    public static GpioException OffsetNotOnChip(string chip, string label, int lineCount, int offset) =>
        new($"GPIO chip '{chip}' [{label}] has {lineCount} lines (offsets 0-{lineCount - 1}): offset {offset} does not exist.");

    public static GpioException Busy(GpioLineAddress address, string? consumer) =>
        new($"GPIO line {address} is already in use by '{consumer ?? "an unnamed consumer"}'.");

    /// <summary>For a failed libgpiod call: what was attempted, and the C library's text for errno.</summary>
    public static GpioException Failed(string action, int errno, string? hint = null) =>
        new($"Could not {action}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).{(hint is null ? string.Empty : " " + hint)}");

    private string Present(IReadOnlyCollection<string> chips) =>
        chips.Count == 0 ? noChips : $"{place} has {string.Join(", ", chips)}";
}
