namespace EdgeSecurity.Video;

/// <summary>How a camera's stream is kept in rolling segments, and the clip cut around an alert.</summary>
public sealed record ClipRecorderOptions
{
    /// <summary>The camera's name (1–64 of A-Z a-z 0-9 - _): the folder its segments are written to.</summary>
    public required string Name { get; init; }

    /// <summary>The camera's stream: <c>rtsp://…</c> (read over TCP) or any ffmpeg input.</summary>
    public required string Input { get; init; }

    /// <summary>Video before the alert time in a clip.</summary>
    public TimeSpan Before { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Video after the alert time; a capture waits until it has been recorded.</summary>
    public TimeSpan After { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Target length of a segment. Cuts fall on key frames, so a segment is at least one GOP of the camera.</summary>
    public TimeSpan SegmentLength { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How much recent video is kept on disk; at least <see cref="Before"/> plus a few segments.</summary>
    public TimeSpan Buffer { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Files only: read at the file's own speed, as a camera would deliver it.</summary>
    public bool RealTime { get; init; }

    /// <summary>Wait before ffmpeg is started again after it stopped (camera unreachable, stream ended).</summary>
    public TimeSpan RestartDelay { get; init; } = TimeSpan.FromSeconds(5);

    public string FfmpegPath { get; init; } = "ffmpeg";
}
