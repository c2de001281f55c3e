namespace EdgeSecurity.Video;

/// <summary>A finished piece of a camera's stream on disk, with the wall-clock time it covers.</summary>
public sealed record RecordedSegment(string Path, DateTimeOffset Start, DateTimeOffset End, int Run);
