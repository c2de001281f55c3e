namespace EdgeSecurity.Modbus;

/// <summary>Exception codes a slave answers with instead of data (Modbus Application Protocol v1.1b3, §7).</summary>
public enum ModbusExceptionCode : byte
{
    IllegalFunction = 0x01,
    IllegalDataAddress = 0x02,
    IllegalDataValue = 0x03,
    ServerDeviceFailure = 0x04,
    Acknowledge = 0x05,
    ServerDeviceBusy = 0x06,
    NegativeAcknowledge = 0x07,
    MemoryParityError = 0x08,
    GatewayPathUnavailable = 0x0A,
    GatewayTargetFailedToRespond = 0x0B,
}

public static class ModbusExceptionCodeNames
{
    /// <summary>What the code means for whoever reads a log on site.</summary>
    public static string Describe(this ModbusExceptionCode code) => code switch
    {
        ModbusExceptionCode.IllegalFunction => "illegal function: the device does not implement this function",
        ModbusExceptionCode.IllegalDataAddress => "illegal data address: the device has no such register (check the profile's addresses)",
        ModbusExceptionCode.IllegalDataValue => "illegal data value: the count or value is not acceptable to the device",
        ModbusExceptionCode.ServerDeviceFailure => "server device failure: the device failed while handling the request",
        ModbusExceptionCode.Acknowledge => "acknowledge: the device accepted a long-running request and is still working on it",
        ModbusExceptionCode.ServerDeviceBusy => "server device busy: try again later",
        ModbusExceptionCode.NegativeAcknowledge => "negative acknowledge: the device cannot perform the request",
        ModbusExceptionCode.MemoryParityError => "memory parity error: the device found its own memory corrupt",
        ModbusExceptionCode.GatewayPathUnavailable => "gateway path unavailable: a Modbus gateway could not route the request",
        ModbusExceptionCode.GatewayTargetFailedToRespond => "gateway target failed to respond: the device behind a Modbus gateway did not answer",
        _ => "not defined by the Modbus specification",
    };
}
