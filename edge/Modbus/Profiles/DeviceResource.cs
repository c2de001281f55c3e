namespace EdgeSecurity.Modbus.Profiles;

/// <summary>
/// One named value of a device (an EdgeX "device resource"): where it lives, how its raw registers become an
/// engineering value (raw × <see cref="Scale"/> + <see cref="Offset"/>, in <see cref="Unit"/>), and, for a status
/// register, which bits signal which condition.
/// </summary>
public sealed record DeviceResource
{
    public required string Name { get; init; }

    public string? Description { get; init; }

    public required RegisterKind Register { get; init; }

    /// <summary>Zero-based protocol address, as sent on the wire (register "40001" of old manuals is address 0).</summary>
    public required ushort Address { get; init; }

    public required RegisterDataType DataType { get; init; }

    public WordOrder WordOrder { get; init; } = WordOrder.HighFirst;

    public double Scale { get; init; } = 1;

    public double Offset { get; init; }

    public string? Unit { get; init; }

    /// <summary>Configuration the master may change (readWrite: RW); such resources are read on demand, not polled.</summary>
    public bool Writable { get; init; }

    /// <summary>The value a simulator starts with (engineering units); 0 when absent.</summary>
    public double? DefaultValue { get; init; }

    public IReadOnlyList<StatusBit> StatusBits { get; init; } = [];

    public int RegisterCount => DataType is RegisterDataType.Unsigned16 or RegisterDataType.Signed16 ? 1 : 2;

    /// <summary>One past the last register.</summary>
    public int EndAddress => Address + RegisterCount;
}
