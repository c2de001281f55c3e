namespace EdgeSecurity.Modbus;

/// <summary>What a <see cref="ModbusRtuSlave"/> asks of a device it serves. Each call covers one request, so it can be made atomic.</summary>
public interface IModbusSlaveDevice
{
    /// <summary>Fills <paramref name="values"/> with the registers from <paramref name="address"/> on; returns the exception to answer with instead, or null.</summary>
    ModbusExceptionCode? Read(RegisterKind kind, ushort address, Span<ushort> values);

    /// <summary>Writes holding registers from <paramref name="address"/> on; returns the exception to answer with instead, or null.</summary>
    ModbusExceptionCode? Write(ushort address, ReadOnlySpan<ushort> values);
}
