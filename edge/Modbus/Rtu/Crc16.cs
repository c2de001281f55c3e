namespace EdgeSecurity.Modbus.Rtu;

/// <summary>The Modbus RTU CRC: CRC-16 with the reflected polynomial 0xA001, initial value 0xFFFF, sent low byte first.</summary>
public static class Crc16
{
    private static readonly ushort[] Table = BuildTable();

    public static ushort Compute(ReadOnlySpan<byte> bytes)
    {
        ushort crc = 0xFFFF;
        foreach (var b in bytes)
            crc = (ushort)((crc >> 8) ^ Table[(crc ^ b) & 0xFF]);
        return crc;
    }

    private static ushort[] BuildTable()
    {
        var table = new ushort[256];
        for (var i = 0; i < table.Length; i++)
        {
            var value = (ushort)i;
            for (var bit = 0; bit < 8; bit++)
                value = (value & 1) != 0 ? (ushort)((value >> 1) ^ 0xA001) : (ushort)(value >> 1);
            table[i] = value;
        }
        return table;
    }
}
