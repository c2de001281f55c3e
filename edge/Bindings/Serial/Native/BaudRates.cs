namespace EdgeSecurity.Bindings.Serial.Native;

/// <summary>termios speed constants (Bnnnn) of glibc on Linux x64/arm64 for the rates RS-485 field devices use.</summary>
internal static class BaudRates
{
    private static readonly Dictionary<int, uint> Codes = new()
    {
        [1200] = 9,
        [2400] = 11,
        [4800] = 12,
        [9600] = 13,
        [19200] = 14,
        [38400] = 15,
        [57600] = 4097,
        [115200] = 4098,
    };

    public static IReadOnlyCollection<int> Supported => Codes.Keys;

    public static bool TryGetCode(int baudRate, out uint code) => Codes.TryGetValue(baudRate, out code);
}
