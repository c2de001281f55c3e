using System.Globalization;

namespace EdgeSecurity.Hub.Evidence;

/// <summary>
/// Deletes alert snapshots (file and index row) once they are older than <c>Hub:Evidence:Retention</c> (default 90
/// days), checking every <c>Hub:Evidence:PurgeInterval</c> (default 1 hour). A snapshot an open incident points at is
/// kept until the incident is finished and the snapshot is past the retention.
/// </summary>
public sealed class EvidenceRetention(EvidenceRetention.Settings settings, EvidenceIndex index, EvidenceFiles files,
    TimeProvider clock, ILogger<EvidenceRetention> logger) : BackgroundService
{
    public const string Section = "Hub:Evidence";

    public sealed record Settings(TimeSpan Retention, TimeSpan PurgeInterval);

    /// <exception cref="InvalidOperationException">A setting is not a positive time span.</exception>
    public static Settings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Section);
        return new Settings(Span(section, "Retention", TimeSpan.FromDays(90)), Span(section, "PurgeInterval", TimeSpan.FromHours(1)));
    }

    /// <summary>One purge: the number of snapshots deleted.</summary>
    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        var expired = await index.ExpiredAsync(clock.GetUtcNow() - settings.Retention, ct).ConfigureAwait(false);
        foreach (var uri in expired)
        {
            files.Delete(uri);
            await index.ForgetAsync(uri, ct).ConfigureAwait(false);
        }
        return expired.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var deleted = await PurgeAsync(stoppingToken).ConfigureAwait(false);
                    if (deleted > 0)
                        logger.LogInformation("Deleted {Count} evidence snapshot(s) older than {Retention}", deleted, settings.Retention);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Old evidence could not be deleted; trying again in {Interval}", settings.PurgeInterval);
                }
                await Task.Delay(settings.PurgeInterval, clock, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static TimeSpan Span(IConfigurationSection section, string key, TimeSpan fallback)
    {
        if (section[key] is not { Length: > 0 } text)
            return fallback;
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) && value > TimeSpan.Zero
            ? value
            : throw new InvalidOperationException($"{Section}:{key} '{text}' is not a positive time span such as 90.00:00:00");
    }
}
