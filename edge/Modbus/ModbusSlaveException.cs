namespace EdgeSecurity.Modbus;

/// <summary>The slave answered with an exception response: a definite refusal, so it is not retried.</summary>
public sealed class ModbusSlaveException(byte slaveId, ModbusFunction function, ModbusExceptionCode code)
    : ModbusException($"Slave {slaveId} answered function {function.Describe()} with exception {(byte)code:X2}, {code.Describe()}.")
{
    public byte SlaveId { get; } = slaveId;

    public ModbusFunction Function { get; } = function;

    public ModbusExceptionCode Code { get; } = code;
}
