using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EdgeSecurity.Bindings.Serial.Native;

/// <summary>
/// glibc's struct termios on Linux x64 and arm64: 60 bytes, c_cc at offset 17 (measured, see platform notes).
/// Only the flags this binding sets are named.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct Termios
{
    public const int ControlCharacterCount = 32;
    public const int VTime = 5;
    public const int VMin = 6;

    // c_cflag bits (octal in the C headers).
    public const uint CharacterSizeMask = 0x30; // CSIZE
    public const uint TwoStopBits = 0x40; // CSTOPB
    public const uint EnableReceiver = 0x80; // CREAD
    public const uint ParityEnable = 0x100; // PARENB
    public const uint OddParity = 0x200; // PARODD
    public const uint IgnoreModemLines = 0x800; // CLOCAL
    public const uint HardwareFlowControl = 0x80000000; // CRTSCTS

    public uint InputFlags;
    public uint OutputFlags;
    public uint ControlFlags;
    public uint LocalFlags;
    public byte LineDiscipline;
    public ControlCharacters ControlCharacters;
    public uint InputSpeed;
    public uint OutputSpeed;

    /// <summary>CS5..CS8 are the values 0, 16, 32, 48 of the CSIZE field.</summary>
    public static uint CharacterSize(int dataBits) => (uint)(dataBits - 5) << 4;
}

[InlineArray(Termios.ControlCharacterCount)]
internal struct ControlCharacters
{
    private byte _first;
}
