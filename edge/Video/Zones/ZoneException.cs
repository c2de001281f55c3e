namespace EdgeSecurity.Video;

/// <summary>A camera's zones or rules are not usable; <see cref="Problems"/> lists every problem, each naming the camera and the zone.</summary>
public sealed class ZoneException : Exception
{
    public ZoneException(IReadOnlyList<string> problems)
        : base(string.Join(Environment.NewLine, problems)) => Problems = problems;

    public ZoneException()
        : this([])
    {
    }

    public ZoneException(string message)
        : this([message])
    {
    }

    public ZoneException(string message, Exception innerException)
        : base(message, innerException) => Problems = [message];

    public IReadOnlyList<string> Problems { get; }
}
