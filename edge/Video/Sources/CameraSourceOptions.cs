namespace EdgeSecurity.Video;

/// <summary>Where a camera's video comes from and how it is decoded. Frames are decoded straight to the detect resolution.</summary>
public sealed record CameraSourceOptions
{
    public required string Name { get; init; }

    /// <summary>An <c>rtsp://</c> URL (read over TCP), a file path, or any other input ffmpeg accepts.</summary>
    public required string Input { get; init; }

    public int Width { get; init; } = 640;

    public int Height { get; init; } = 360;

    /// <summary>Frames per second delivered; null keeps the stream's own rate.</summary>
    public double? FramesPerSecond { get; init; }

    /// <summary>Files only: start again at the end, so a file behaves like a camera that never stops.</summary>
    public bool Loop { get; init; }

    /// <summary>Files only: read at the file's own speed (demos) instead of as fast as ffmpeg decodes (benchmarks).</summary>
    public bool RealTime { get; init; }

    /// <summary>No frame for this long means the stream is dead even if ffmpeg has not noticed: it is killed and restarted.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Wait before the first reconnect; it doubles with every failure in a row up to <see cref="MaximumBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaximumBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Frame buffers of Width × Height × 3 bytes, allocated once; a frame arriving while all are in use is dropped.</summary>
    public int BufferCount { get; init; } = 4;

    public string FfmpegPath { get; init; } = "ffmpeg";

    public bool IsRtsp => Input.StartsWith("rtsp://", StringComparison.OrdinalIgnoreCase);

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Name);
        ArgumentException.ThrowIfNullOrWhiteSpace(Input);
        ArgumentOutOfRangeException.ThrowIfLessThan(Width, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(Height, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(BufferCount, 2);
        if (FramesPerSecond is { } fps)
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fps);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(StallTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(InitialBackoff, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaximumBackoff, InitialBackoff);
    }
}
