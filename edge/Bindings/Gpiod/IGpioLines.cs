namespace EdgeSecurity.Bindings.Gpiod;

/// <summary>GPIO chips and their lines: the real ones through libgpiod, or simulated ones.</summary>
public interface IGpioLines
{
    /// <summary>Every chip with its lines, for listing them and checking a configuration. Empty when there is none.</summary>
    /// <exception cref="GpioException">A chip exists but cannot be opened (e.g. permission denied).</exception>
    IReadOnlyList<GpioChipInfo> GetChips();

    /// <summary>
    /// Requests the line as an input that reports both edges with timestamps. Edges are collected from this call
    /// on, whether or not anyone reads them yet. Dispose the result to release the line.
    /// </summary>
    /// <exception cref="GpioException">The chip or line does not exist, the line is in use, or the kernel refused the request.</exception>
    IGpioInputLine OpenInput(GpioLineAddress address, GpioInputOptions? options = null);
}
