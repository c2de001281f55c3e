namespace EdgeSecurity.Video;

/// <summary>Where evidence lives on the gateway and how much of it is kept.</summary>
public sealed record EvidenceStoreOptions
{
    /// <summary>The agent's data directory; evidence goes to its <c>evidence/</c> subdirectory.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The gateway's id: the authority of every evidence URI, so a hub can tell whose evidence it is.</summary>
    public required string GatewayId { get; init; }

    /// <summary>Size cap of all evidence together; past it the oldest routine items go first, then the oldest alert items.</summary>
    public long MaxBytes { get; init; } = 2L * 1024 * 1024 * 1024;

    public TimeSpan RoutineMaxAge { get; init; } = TimeSpan.FromDays(7);

    public TimeSpan AlertMaxAge { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Unblurred originals show faces: they are kept no longer than this, whatever their retention.</summary>
    public TimeSpan OriginalMaxAge { get; init; } = TimeSpan.FromDays(7);
}
