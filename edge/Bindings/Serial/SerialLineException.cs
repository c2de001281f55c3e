namespace EdgeSecurity.Bindings.Serial;

/// <summary>A serial line operation failed; the message names the device and carries the system's error text.</summary>
public class SerialLineException : IOException
{
    public SerialLineException()
    {
    }

    public SerialLineException(string message)
        : base(message)
    {
    }

    public SerialLineException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SerialLineException(string message, int errorNumber)
        : base(message) => ErrorNumber = errorNumber;

    /// <summary>The Linux errno behind the failure (e.g. 2 for a missing device), or 0 when there is none.</summary>
    public int ErrorNumber { get; }
}
