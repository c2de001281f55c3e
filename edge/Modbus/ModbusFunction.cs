namespace EdgeSecurity.Modbus;

/// <summary>The Modbus function codes this library speaks: the register functions field devices implement.</summary>
public enum ModbusFunction : byte
{
    ReadHoldingRegisters = 0x03,
    ReadInputRegisters = 0x04,
    WriteSingleRegister = 0x06,
    WriteMultipleRegisters = 0x10,
}

public static class ModbusFunctionNames
{
    /// <summary>"03 (read holding registers)"; codes outside the enum read "2B (unsupported)".</summary>
    public static string Describe(this ModbusFunction function) => function switch
    {
        ModbusFunction.ReadHoldingRegisters => "03 (read holding registers)",
        ModbusFunction.ReadInputRegisters => "04 (read input registers)",
        ModbusFunction.WriteSingleRegister => "06 (write single register)",
        ModbusFunction.WriteMultipleRegisters => "16 (write multiple registers)",
        _ => $"{(byte)function:X2} (unsupported)",
    };
}
