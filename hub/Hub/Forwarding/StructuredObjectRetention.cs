using EdgeSecurity.Hub.Evidence;
using EdgeSecurity.Hub.Privacy;

namespace EdgeSecurity.Hub.Forwarding;

/// <summary>
/// Deletes structured objects and their crops once they are older than <c>Hub:Objects:Retention</c> (default 30 days,
/// as long as the gateways keep alert evidence), checking every <c>Hub:Objects:PurgeInterval</c> (default 1 hour).
/// An object still waiting for the 视图库 then is deleted too: a picture of a person is not kept longer for an upload.
/// </summary>
public sealed class StructuredObjectRetention(StructuredObjectRetention.Settings settings, StructuredObjectStore objects, EvidenceFiles evidence,
    TimeProvider clock, ILogger<StructuredObjectRetention> logger) : RetentionJob(settings, clock, logger)
{
    public const string Section = "Hub:Objects";

    public sealed record Settings(TimeSpan Retention, TimeSpan PurgeInterval) : RetentionSettings(Retention, PurgeInterval);

    /// <exception cref="InvalidOperationException">A setting is not a positive time span.</exception>
    public static Settings From(IConfiguration configuration)
    {
        var (retention, interval) = RetentionSettings.Read(configuration, Section, TimeSpan.FromDays(30));
        return new Settings(retention, interval);
    }

    protected override string Items => "structured object(s) with their crops";

    protected override async Task<int> PurgeOlderThanAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        var uris = await objects.PurgeAsync(cutoff, ct).ConfigureAwait(false);
        foreach (var uri in uris)
            evidence.Delete(uri);
        return uris.Count;
    }
}
