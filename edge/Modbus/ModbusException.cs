namespace EdgeSecurity.Modbus;

/// <summary>A Modbus request did not produce a valid answer. The subclasses say whether the slave refused, stayed silent or answered garbage.</summary>
public abstract class ModbusException : Exception
{
    protected ModbusException(string message)
        : base(message)
    {
    }
}
