namespace EdgeSecurity.Modbus;

/// <summary>A request a <see cref="ModbusRtuSlave"/> answered; <see cref="Exception"/> is set when it answered with an exception.</summary>
public sealed class RequestServedEventArgs(byte slaveId, ModbusFunction function, ushort address, ushort count, ModbusExceptionCode? exception) : EventArgs
{
    public byte SlaveId { get; } = slaveId;

    public ModbusFunction Function { get; } = function;

    public ushort Address { get; } = address;

    public ushort Count { get; } = count;

    public ModbusExceptionCode? Exception { get; } = exception;

    public override string ToString() =>
        $"slave {SlaveId} function {Function.Describe()} address {Address} count {Count}" + (Exception is { } code ? $" → exception {(byte)code:X2}" : " → ok");
}
