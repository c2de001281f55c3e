namespace EdgeSecurity.Modbus;

/// <summary>Raised for every rejected frame; the bus stays usable. <see cref="SlaveId"/> is the slave asked (master) or null (slave side).</summary>
public sealed class FrameRejectedEventArgs(byte? slaveId, FrameRejection rejection) : EventArgs
{
    public byte? SlaveId { get; } = slaveId;

    public FrameRejection Rejection { get; } = rejection;
}
