using System.Globalization;

namespace EdgeSecurity.Cli;

/// <summary>Durations as installers type them: 20ms, 0.5s, 30m, 1h, or a bare number of milliseconds.</summary>
public static class Durations
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(text);
        var (number, unit) = text.EndsWith("ms", StringComparison.OrdinalIgnoreCase) ? (text[..^2], 1.0)
            : text.EndsWith('s') ? (text[..^1], 1000.0)
            : text.EndsWith('m') ? (text[..^1], 60_000.0)
            : text.EndsWith('h') ? (text[..^1], 3_600_000.0)
            : (text, 1.0);
        var ok = double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && double.IsFinite(value);
        duration = ok ? TimeSpan.FromMilliseconds(value * unit) : default;
        return ok;
    }
}
