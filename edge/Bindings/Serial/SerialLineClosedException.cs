namespace EdgeSecurity.Bindings.Serial;

/// <summary>
/// The other end of the line went away: a USB adapter was unplugged, or the process holding the other side of a
/// pseudo-terminal exited. The line is unusable; open it again once the device is back.
/// </summary>
public sealed class SerialLineClosedException : SerialLineException
{
    public SerialLineClosedException()
    {
    }

    public SerialLineClosedException(string message)
        : base(message)
    {
    }

    public SerialLineClosedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SerialLineClosedException(string message, int errorNumber)
        : base(message, errorNumber)
    {
    }
}
