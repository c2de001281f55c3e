namespace EdgeSecurity.Video;

/// <summary>One stored evidence file. <see cref="Uri"/> names it for good; <see cref="Path"/> is where it lies now.</summary>
public sealed record EvidenceItem(Guid Id, string Uri, EvidenceFileKind Kind, EvidenceRetention Retention, DateTimeOffset CreatedAt, long Length, string Path);
