using EdgeSecurity.Hub.Privacy;

namespace EdgeSecurity.Hub.Evidence;

/// <summary>
/// Deletes alert snapshots (file and index row) once they are older than <c>Hub:Evidence:Retention</c> (default 90
/// days), checking every <c>Hub:Evidence:PurgeInterval</c> (default 1 hour). A snapshot an open incident points at is
/// kept until the incident is finished and the snapshot is past the retention.
/// </summary>
public sealed class EvidenceRetention(EvidenceRetention.Settings settings, EvidenceIndex index, EvidenceFiles files,
    TimeProvider clock, ILogger<EvidenceRetention> logger) : RetentionJob(settings, clock, logger)
{
    public const string Section = "Hub:Evidence";

    public sealed record Settings(TimeSpan Retention, TimeSpan PurgeInterval) : RetentionSettings(Retention, PurgeInterval);

    /// <exception cref="InvalidOperationException">A setting is not a positive time span.</exception>
    public static Settings From(IConfiguration configuration)
    {
        var (retention, interval) = RetentionSettings.Read(configuration, Section, TimeSpan.FromDays(90));
        return new Settings(retention, interval);
    }

    protected override string Items => "evidence snapshot(s)";

    protected override async Task<int> PurgeOlderThanAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        var expired = await index.ExpiredAsync(cutoff, ct).ConfigureAwait(false);
        foreach (var uri in expired)
        {
            files.Delete(uri);
            await index.ForgetAsync(uri, ct).ConfigureAwait(false);
        }
        return expired.Count;
    }
}
