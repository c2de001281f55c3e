namespace EdgeSecurity.Bindings.TurboJpeg;

/// <summary>
/// TurboJPEG refused or failed an operation; the message is the library's own (tjGetErrorStr2).
/// <see cref="IsWarning"/> marks a recoverable problem, e.g. a truncated JPEG decoded with its missing part grey.
/// </summary>
public sealed class JpegException : Exception
{
    public JpegException()
    {
    }

    public JpegException(string message)
        : base(message)
    {
    }

    public JpegException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public JpegException(string message, bool isWarning)
        : base(message) => IsWarning = isWarning;

    public bool IsWarning { get; }
}
