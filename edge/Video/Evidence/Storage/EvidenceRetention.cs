namespace EdgeSecurity.Video;

/// <summary>How long evidence is worth keeping: alert evidence is kept longest and purged last.</summary>
public enum EvidenceRetention
{
    Routine,
    Alert,
}
