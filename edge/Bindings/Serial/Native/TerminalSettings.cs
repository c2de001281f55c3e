namespace EdgeSecurity.Bindings.Serial.Native;

/// <summary>Puts an open terminal into raw mode with the requested line settings, and checks that the driver took them.</summary>
internal static class TerminalSettings
{
    private const uint FramingMask = Termios.CharacterSizeMask | Termios.TwoStopBits | Termios.ParityEnable | Termios.OddParity;

    public static void Apply(FileDescriptorHandle handle, string path, SerialSettings settings)
    {
        using var lease = handle.Acquire();
        var fd = lease.Fd;
        if (Libc.tcgetattr(fd, out var termios) != 0)
        {
            var errno = Libc.LastError;
            throw errno == Libc.NotATerminal
                ? new SerialLineException($"{path} is not a serial device (tcgetattr: {Libc.Describe(errno)}).", errno)
                : new SerialLineException($"Cannot read the settings of {path}: {Libc.Describe(errno)}.", errno);
        }

        Libc.cfmakeraw(ref termios);
        termios.ControlFlags &= ~(FramingMask | Termios.HardwareFlowControl);
        termios.ControlFlags |= Framing(settings) | Termios.EnableReceiver | Termios.IgnoreModemLines;
        // VMIN=1, VTIME=0: a non-blocking read returns EAGAIN when nothing is there, and 0 only at end of file.
        termios.ControlCharacters[Termios.VMin] = 1;
        termios.ControlCharacters[Termios.VTime] = 0;
        BaudRates.TryGetCode(settings.BaudRate, out var speed);
        if (Libc.cfsetispeed(ref termios, speed) != 0 || Libc.cfsetospeed(ref termios, speed) != 0)
            throw Failure($"Cannot set {settings.BaudRate} baud for {path}");
        if (Libc.tcsetattr(fd, Libc.SetNow, termios) != 0)
            throw Failure($"{path} refused the settings {settings}");

        // tcsetattr succeeds when any of the changes was made, so read back the speed the driver kept. Framing is not
        // compared: a pseudo-terminal has no wire and always reports 8 data bits without parity.
        if (Libc.tcgetattr(fd, out var applied) != 0 || Libc.cfgetospeed(applied) != speed)
            throw new SerialLineException($"{path} did not keep {settings.BaudRate} baud; the adapter may not support that rate.");

        if (Libc.tcflush(fd, Libc.FlushInput) != 0)
            throw Failure($"Cannot discard stale input of {path}");
    }

    private static SerialLineException Failure(string what)
    {
        var errno = Libc.LastError;
        return new SerialLineException($"{what}: {Libc.Describe(errno)}.", errno);
    }

    /// <summary>The c_cflag framing bits (character size, stop bits, parity) of the settings.</summary>
    public static uint Framing(SerialSettings settings) =>
        Termios.CharacterSize(settings.DataBits)
        | (settings.StopBits == SerialStopBits.Two ? Termios.TwoStopBits : 0)
        | settings.Parity switch
        {
            SerialParity.Even => Termios.ParityEnable,
            SerialParity.Odd => Termios.ParityEnable | Termios.OddParity,
            _ => 0u,
        };
}
