namespace EdgeSecurity.Cli.Camera;

public enum ProbeFailureKind
{
    /// <summary>Nothing answered: refused, timed out, no such file or host, or the server said no (401, 404).</summary>
    Unreachable,

    /// <summary>Something answered, but it is not a video stream.</summary>
    NotVideo,

    /// <summary>ffprobe or ffmpeg is not installed.</summary>
    ToolMissing,
}

/// <summary>Why a camera could not be probed, with the tool's own last error line.</summary>
public sealed record ProbeFailure(ProbeFailureKind Kind, string Detail);
