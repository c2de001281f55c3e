namespace EdgeSecurity.Modbus;

/// <summary>The two register tables of a Modbus device: holding registers (read 03, write 06/16) and input registers (read 04).</summary>
public enum RegisterKind
{
    Holding,
    Input,
}
