namespace EdgeSecurity.Modbus;

/// <summary>The slave sent nothing at all, on every attempt.</summary>
public sealed class ModbusTimeoutException(byte slaveId, ModbusFunction function, int attempts, TimeSpan responseTimeout)
    : ModbusException($"Slave {slaveId} did not answer function {function.Describe()} within {responseTimeout.TotalMilliseconds:0} ms, {attempts} attempt(s); check its address, baud rate, power and wiring (A/B swapped?).")
{
    public byte SlaveId { get; } = slaveId;

    public ModbusFunction Function { get; } = function;

    public int Attempts { get; } = attempts;
}
