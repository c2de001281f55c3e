namespace EdgeSecurity.Bindings.Gpiod;

/// <summary>A GPIO operation failed: the chip or line does not exist, is busy, or the kernel refused the request.</summary>
public sealed class GpioException : Exception
{
    public GpioException()
    {
    }

    public GpioException(string message)
        : base(message)
    {
    }

    public GpioException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
