namespace EdgeSecurity.Modbus.Profiles;

/// <summary>One bit of a status register and the condition it signals while set.</summary>
public sealed record StatusBit(int Bit, string Condition, string? Description)
{
    public bool IsSetIn(ushort register) => (register & (1 << Bit)) != 0;
}
