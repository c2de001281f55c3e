using EdgeSecurity.Bindings.Serial.Native;

namespace EdgeSecurity.Bindings.Serial;

/// <summary>Line settings of a serial port. The default, 9600 8N1, is what most RS-485 detectors ship with.</summary>
public sealed record SerialSettings
{
    public int BaudRate { get; init; } = 9600;

    /// <summary>5 to 8; Modbus RTU always uses 8.</summary>
    public int DataBits { get; init; } = 8;

    public SerialParity Parity { get; init; } = SerialParity.None;

    public SerialStopBits StopBits { get; init; } = SerialStopBits.One;

    public static IReadOnlyCollection<int> SupportedBaudRates => BaudRates.Supported;

    /// <summary>Bits on the wire per character: start bit, data bits, parity bit if any, stop bits.</summary>
    public int BitsPerCharacter => 1 + DataBits + (Parity == SerialParity.None ? 0 : 1) + (int)StopBits;

    public override string ToString() =>
        $"{BaudRate} {DataBits}{Parity.ToString()[0]}{(int)StopBits}";

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting the driver cannot take.</summary>
    public void Validate()
    {
        if (!BaudRates.TryGetCode(BaudRate, out _))
            throw new ArgumentException($"{BaudRate} baud is not supported; use one of {string.Join(", ", SupportedBaudRates)}", nameof(BaudRate));
        if (DataBits is < 5 or > 8)
            throw new ArgumentException($"{DataBits} data bits is not possible; use 5 to 8", nameof(DataBits));
        if (!Enum.IsDefined(Parity))
            throw new ArgumentException($"parity {(int)Parity} is not defined; use None, Even or Odd", nameof(Parity));
        if (!Enum.IsDefined(StopBits))
            throw new ArgumentException($"{(int)StopBits} stop bits is not possible; use One or Two", nameof(StopBits));
    }
}
