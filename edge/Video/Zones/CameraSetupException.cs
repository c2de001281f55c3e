namespace EdgeSecurity.Video;

/// <summary>A camera's zones or rules are not usable; <see cref="Problems"/> lists every problem, each naming the camera and the zone or rule.</summary>
public sealed class CameraSetupException : Exception
{
    public CameraSetupException(IReadOnlyList<string> problems)
        : base(string.Join(Environment.NewLine, problems)) => Problems = problems;

    public CameraSetupException()
        : this([])
    {
    }

    public CameraSetupException(string message)
        : this([message])
    {
    }

    public CameraSetupException(string message, Exception innerException)
        : base(message, innerException) => Problems = [message];

    public IReadOnlyList<string> Problems { get; }
}
