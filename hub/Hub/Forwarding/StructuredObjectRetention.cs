using System.Globalization;
using EdgeSecurity.Hub.Evidence;

namespace EdgeSecurity.Hub.Forwarding;

/// <summary>
/// Deletes structured objects and their crops once they are older than <c>Hub:Objects:Retention</c> (default 30 days,
/// as long as the gateways keep alert evidence), checking every <c>Hub:Objects:PurgeInterval</c> (default 1 hour).
/// An object still waiting for the 视图库 then is deleted too: a picture of a person is not kept longer for an upload.
/// </summary>
public sealed class StructuredObjectRetention(StructuredObjectRetention.Settings settings, StructuredObjectStore objects, EvidenceFiles evidence,
    TimeProvider clock, ILogger<StructuredObjectRetention> logger) : BackgroundService
{
    public const string Section = "Hub:Objects";

    public sealed record Settings(TimeSpan Retention, TimeSpan PurgeInterval);

    /// <exception cref="InvalidOperationException">A setting is not a positive time span.</exception>
    public static Settings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Section);
        return new Settings(Span(section, "Retention", TimeSpan.FromDays(30)), Span(section, "PurgeInterval", TimeSpan.FromHours(1)));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var uris = await objects.PurgeAsync(clock.GetUtcNow() - settings.Retention, stoppingToken).ConfigureAwait(false);
                    foreach (var uri in uris)
                        evidence.Delete(uri);
                    if (uris.Count > 0)
                        logger.LogInformation("Deleted {Count} structured object(s) older than {Retention} with their crops", uris.Count, settings.Retention);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Old structured objects could not be deleted; trying again in {Interval}", settings.PurgeInterval);
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
            : throw new InvalidOperationException($"{Section}:{key} '{text}' is not a positive time span such as 30.00:00:00");
    }
}
