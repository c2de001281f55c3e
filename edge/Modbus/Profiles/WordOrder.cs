namespace EdgeSecurity.Modbus.Profiles;

/// <summary>Which register of a 32-bit value comes first. Bytes within a register are always big-endian in Modbus.</summary>
public enum WordOrder
{
    /// <summary>"ABCD", big-endian: the Modbus convention and most devices' choice.</summary>
    HighFirst,

    /// <summary>"CDAB", word-swapped: common on PLCs and some meters.</summary>
    LowFirst,
}
