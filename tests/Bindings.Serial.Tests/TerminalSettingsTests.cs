using System.Runtime.CompilerServices;
using EdgeSecurity.Bindings.Serial;
using EdgeSecurity.Bindings.Serial.Native;

namespace EdgeSecurity.Bindings.Serial.Tests;

public sealed class TerminalSettingsTests
{
    [Fact]
    public void The_termios_struct_has_glibcs_layout()
    {
        var termios = default(Termios);

        Assert.Equal(60, Unsafe.SizeOf<Termios>());
        Assert.Equal(17, (int)Unsafe.ByteOffset(ref Unsafe.As<Termios, byte>(ref termios), ref termios.ControlCharacters[0]));
        Assert.Equal(52, (int)Unsafe.ByteOffset(ref Unsafe.As<Termios, byte>(ref termios), ref Unsafe.As<uint, byte>(ref termios.InputSpeed)));
    }

    /// <remarks>A pseudo-terminal forces 8 data bits without parity (Linux pty_set_termios), so only 8N1/8N2 can be read back here.</remarks>
    [Theory]
    [InlineData(9600, SerialStopBits.One, 13u)]
    [InlineData(19200, SerialStopBits.Two, 14u)]
    [InlineData(115200, SerialStopBits.One, 4098u)]
    public async Task The_device_keeps_the_requested_speed_framing_and_raw_mode(int baud, SerialStopBits stopBits, uint speedCode)
    {
        await using var pair = await SocatPtyPair.StartAsync();
        var settings = new SerialSettings { BaudRate = baud, StopBits = stopBits };
        using var line = SerialLine.Open(pair.PathA, settings);

        var termios = ReadSettings(pair.PathA);

        Assert.Equal(speedCode, Libc.cfgetospeed(termios));
        Assert.Equal(TerminalSettings.Framing(settings), termios.ControlFlags & 0x370u);
        Assert.Equal(0u, termios.LocalFlags & 0x2u); // ICANON off: bytes are delivered as they come
        Assert.Equal(1, termios.ControlCharacters[Termios.VMin]);
        Assert.Equal(0, termios.ControlCharacters[Termios.VTime]);
    }

    [Theory]
    [InlineData(SerialParity.Even, 0x130u)]
    [InlineData(SerialParity.Odd, 0x330u)]
    public void Parity_sets_the_parity_bits_of_the_control_flags(SerialParity parity, uint expected)
    {
        Assert.Equal(expected, TerminalSettings.Framing(new SerialSettings { Parity = parity }));
    }

    [Fact]
    public async Task A_line_with_parity_opens_on_a_pseudo_terminal_that_ignores_it()
    {
        await using var pair = await SocatPtyPair.StartAsync();

        using var line = SerialLine.Open(pair.PathA, new SerialSettings { Parity = SerialParity.Even });

        Assert.Equal("9600 8E1", line.Settings.ToString());
    }

    /// <summary>Settings belong to the terminal, so a second descriptor sees what the line set.</summary>
    private static Termios ReadSettings(string path)
    {
        using var handle = new FileDescriptorHandle(Libc.open(path, Libc.ReadWrite | Libc.NoControllingTerminal | Libc.NonBlocking));
        Assert.False(handle.IsInvalid);
        Assert.Equal(0, Libc.tcgetattr(handle.Fd, out var termios));
        return termios;
    }
}
