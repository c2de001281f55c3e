namespace EdgeSecurity.Modbus.Profiles;

/// <summary>How a resource's register(s) are read as a number. The 32-bit types take two consecutive registers.</summary>
public enum RegisterDataType
{
    Unsigned16,
    Signed16,
    Unsigned32,
    Signed32,

    /// <summary>IEEE 754 single precision.</summary>
    FloatingPoint32,
}
