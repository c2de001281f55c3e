namespace EdgeSecurity.Modbus;

/// <summary>Only invalid frames came back (bad CRC, wrong length, another slave's answer ...), or the bus never fell silent.</summary>
public sealed class ModbusFrameException(byte slaveId, ModbusFunction function, int attempts, FrameRejection lastRejection)
    : ModbusException($"Slave {slaveId} gave no valid answer to function {function.Describe()} in {attempts} attempt(s); last: {lastRejection}.")
{
    public byte SlaveId { get; } = slaveId;

    public ModbusFunction Function { get; } = function;

    public int Attempts { get; } = attempts;

    public FrameRejection LastRejection { get; } = lastRejection;
}
