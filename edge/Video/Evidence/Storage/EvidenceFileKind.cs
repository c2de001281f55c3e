namespace EdgeSecurity.Video;

/// <summary>What an evidence file is. Originals (unblurred snapshots) are never referenced by events or uploaded.</summary>
public enum EvidenceFileKind
{
    Snapshot,
    Clip,
    Original,
}
